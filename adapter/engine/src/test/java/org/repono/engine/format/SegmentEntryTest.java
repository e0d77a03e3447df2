package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class SegmentEntryTest {

    private static final byte[] ONES = filled((byte) 0x11);

    static byte[] filled(byte b) {
        byte[] key = new byte[32];
        Arrays.fill(key, b);
        return key;
    }

    @Test
    void commitEntryIsItsOwnCrcOverSizeAndTag() {
        CRC32 crc = new CRC32();
        crc.update(SegmentEntry.COMMIT_ENTRY, 4, 5);
        ByteBuffer le = ByteBuffer.wrap(SegmentEntry.COMMIT_ENTRY).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals((int) crc.getValue(), le.getInt(0));
        assertEquals(9, le.getInt(4));
        assertEquals(SegmentEntry.TAG_COMMIT, SegmentEntry.COMMIT_ENTRY[8]);
        assertTrue(SegmentEntry.crcMatches(ByteBuffer.wrap(SegmentEntry.COMMIT_ENTRY)));
    }

    @Test
    void putOfHiMatchesBorgsBytes() {
        // FORMAT §2: borg debug put-obj R 1111..11 <file with "hi"> wrote 6c74b2c6 2b000000 00 11*32 6869
        ByteBuffer data = ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer entry = ByteBuffer.allocate(43);
        SegmentEntry.writePutHeader(entry, ONES, data);
        assertEquals(0, data.position(), "data position untouched");
        entry.put(data);
        byte[] expected = new byte[43];
        byte[] head = {0x6c, 0x74, (byte) 0xb2, (byte) 0xc6, 0x2b, 0, 0, 0, 0};
        System.arraycopy(head, 0, expected, 0, 9);
        System.arraycopy(ONES, 0, expected, 9, 32);
        expected[41] = 'h';
        expected[42] = 'i';
        assertArrayEquals(expected, entry.array());
        assertTrue(SegmentEntry.crcMatches(ByteBuffer.wrap(expected)));
        expected[42] = 'j';
        assertFalse(SegmentEntry.crcMatches(ByteBuffer.wrap(expected)));
    }

    @Test
    void deleteEntryIs41BytesWithCrcOver37() {
        ByteBuffer entry = ByteBuffer.allocate(41);
        SegmentEntry.writeDeleteEntry(entry, ONES);
        assertEquals(41, entry.position());
        CRC32 crc = new CRC32();
        crc.update(entry.array(), 4, 37);
        ByteBuffer le = ByteBuffer.wrap(entry.array()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals((int) crc.getValue(), le.getInt(0));
        assertEquals(41, le.getInt(4));
        assertEquals(SegmentEntry.TAG_DELETE, entry.get(8));
    }

    @Test
    void refusesBadKeysAndOversizedData() {
        assertThrows(IllegalArgumentException.class, () -> SegmentEntry.writeDeleteEntry(ByteBuffer.allocate(41), new byte[31]));
        assertThrows(IllegalArgumentException.class,
                () -> SegmentEntry.putCrc(ONES, ByteBuffer.allocate(SegmentEntry.MAX_DATA_SIZE + 1)));
        assertEquals(SegmentEntry.MAX_OBJECT_SIZE, SegmentEntry.MAX_DATA_SIZE + SegmentEntry.PUT_HEADER_SIZE);
    }
}
