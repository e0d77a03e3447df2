package org.repono.engine.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * One entry of a segment file (FORMAT §2): {@code crc:u32 | size:u32 | tag:u8 | [key:32] | [data]}, little
 * endian, where {@code size} is the whole entry and the CRC32 covers bytes {@code [4, size)}.
 */
public final class SegmentEntry {

    /** The 8 bytes every segment file starts with. Do not modify. */
    public static final byte[] MAGIC = {'B', 'O', 'R', 'G', '_', 'S', 'E', 'G'};
    public static final int MAGIC_SIZE = 8;

    public static final int TAG_PUT = 0;
    public static final int TAG_DELETE = 1;
    public static final int TAG_COMMIT = 2;
    /** Highest tag value repair accepts as plausible (borg's MAX_TAG_ID). */
    public static final int MAX_TAG_ID = 15;

    /** crc + size + tag. */
    public static final int HEADER_SIZE = 9;
    public static final int KEY_SIZE = 32;
    /** crc + size + tag + key: the whole of a DELETE, the header of a PUT. */
    public static final int PUT_HEADER_SIZE = 41;
    /** Largest PUT data a writer accepts (borg: MAX_DATA_SIZE). */
    public static final int MAX_DATA_SIZE = 20971479;
    /** Largest legal value of the size field (20 MiB). */
    public static final int MAX_OBJECT_SIZE = 20971520;

    /** The constant 9-byte COMMIT entry. Do not modify. */
    public static final byte[] COMMIT_ENTRY = {0x40, (byte) 0xF4, 0x3C, 0x25, 0x09, 0x00, 0x00, 0x00, 0x02};

    private SegmentEntry() {
    }

    /** The CRC of a PUT of {@code data} (its remaining bytes) under {@code key}; data's position is untouched. */
    public static int putCrc(byte[] key, ByteBuffer data) {
        return putCrc(new CRC32(), key, data);
    }

    /** As {@link #putCrc(byte[], ByteBuffer)} reusing the caller's CRC32 (it is reset first). */
    public static int putCrc(CRC32 crc, byte[] key, ByteBuffer data) {
        requireKey(key);
        int length = data.remaining();
        if (length > MAX_DATA_SIZE) {
            throw new IllegalArgumentException("PUT data of " + length + " bytes exceeds MAX_DATA_SIZE " + MAX_DATA_SIZE);
        }
        crc.reset();
        int size = PUT_HEADER_SIZE + length;
        crc.update(size & 0xFF);
        crc.update((size >>> 8) & 0xFF);
        crc.update((size >>> 16) & 0xFF);
        crc.update((size >>> 24) & 0xFF);
        crc.update(TAG_PUT);
        crc.update(key, 0, KEY_SIZE);
        int position = data.position();
        crc.update(data);
        data.position(position);
        return (int) crc.getValue();
    }

    /**
     * Writes the 41-byte header of a PUT of {@code data} (its remaining bytes) under {@code key} at dst's
     * position (advancing it): crc | size | tag | key. The data itself is not written; its position is untouched.
     */
    public static void writePutHeader(ByteBuffer dst, byte[] key, ByteBuffer data) {
        writePutHeader(dst, key, data, new CRC32());
    }

    /** As {@link #writePutHeader(ByteBuffer, byte[], ByteBuffer)} reusing the caller's CRC32. */
    public static void writePutHeader(ByteBuffer dst, byte[] key, ByteBuffer data, CRC32 crc) {
        int value = putCrc(crc, key, data);
        ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        dst.putInt(value).putInt(PUT_HEADER_SIZE + data.remaining()).put((byte) TAG_PUT).put(key, 0, KEY_SIZE);
        dst.order(order);
    }

    /** Writes a complete 41-byte DELETE entry for {@code key} at dst's position (advancing it). */
    public static void writeDeleteEntry(ByteBuffer dst, byte[] key) {
        requireKey(key);
        CRC32 crc = new CRC32();
        crc.update(PUT_HEADER_SIZE);
        crc.update(0);
        crc.update(0);
        crc.update(0);
        crc.update(TAG_DELETE);
        crc.update(key, 0, KEY_SIZE);
        ByteOrder order = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        dst.putInt((int) crc.getValue()).putInt(PUT_HEADER_SIZE).put((byte) TAG_DELETE).put(key, 0, KEY_SIZE);
        dst.order(order);
    }

    /** Writes the 9-byte COMMIT entry at dst's position (advancing it). */
    public static void writeCommitEntry(ByteBuffer dst) {
        dst.put(COMMIT_ENTRY);
    }

    /**
     * Whether a complete entry held in {@code entry} (from its position: crc, size, ... up to position+size)
     * carries a matching CRC. The buffer's position and limit are untouched.
     */
    public static boolean crcMatches(ByteBuffer entry) {
        int start = entry.position();
        if (entry.remaining() < HEADER_SIZE) {
            return false;
        }
        int stored = entry.order() == ByteOrder.LITTLE_ENDIAN ? entry.getInt(start) : Integer.reverseBytes(entry.getInt(start));
        int size = entry.order() == ByteOrder.LITTLE_ENDIAN ? entry.getInt(start + 4) : Integer.reverseBytes(entry.getInt(start + 4));
        if (size < HEADER_SIZE || size > entry.remaining()) {
            return false;
        }
        CRC32 crc = new CRC32();
        ByteBuffer covered = entry.duplicate();
        covered.position(start + 4).limit(start + size);
        crc.update(covered);
        return (int) crc.getValue() == stored;
    }

    /** Human name of a tag for messages. */
    public static String tagName(int tag) {
        return switch (tag) {
            case TAG_PUT -> "PUT";
            case TAG_DELETE -> "DELETE";
            case TAG_COMMIT -> "COMMIT";
            default -> "tag " + tag;
        };
    }

    static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_SIZE) {
            throw new IllegalArgumentException("a key must be " + KEY_SIZE + " bytes, got "
                    + (key == null ? "null" : key.length + " bytes"));
        }
    }
}
