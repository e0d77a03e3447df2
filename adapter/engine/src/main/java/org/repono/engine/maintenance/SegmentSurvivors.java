package org.repono.engine.maintenance;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.repono.engine.Cancellation;
import org.repono.engine.format.SegmentEntry;

/**
 * The entries borg 1.2.4's {@code recover_segment} keeps of a damaged segment: the whole file is scanned from
 * byte 0; where (crc, size, tag) is plausible (size 9..20 MiB and within the file, tag at most 15) and the CRC
 * matches, the entry is kept and skipped over, otherwise the scan moves on by one byte. The recovered file is
 * the magic followed by the kept entries, so each lands at a new offset.
 *
 * <p>Unlike borg, entries that pass the CRC but that borg's own reader would then refuse (a tag above COMMIT,
 * a PUT or DELETE shorter than its 41-byte header) are dropped too: borg keeps them and its repair then fails
 * on its own output.
 */
final class SegmentSurvivors {
    /** Files below this size become the bare magic (borg's shortcut). */
    static final int MIN_RECOVERABLE = SegmentEntry.MAGIC_SIZE + SegmentEntry.HEADER_SIZE;
    private static final long WINDOW = 64L << 20;

    /** Offsets in the damaged file of the kept entries. */
    final long[] from;
    final int[] sizes;
    final int count;
    /** Plausible, CRC-valid entries dropped because borg's reader refuses them. */
    final int unreadable;
    /** Size of the recovered file. */
    final long newSize;

    private SegmentSurvivors(long[] from, int[] sizes, int count, int unreadable) {
        this.from = from;
        this.sizes = sizes;
        this.count = count;
        this.unreadable = unreadable;
        long size = SegmentEntry.MAGIC_SIZE;
        for (int i = 0; i < count; i++) {
            size += sizes[i];
        }
        this.newSize = size;
    }

    /**
     * Scans {@code ch}; the survivors are also added to {@code into} at their offsets in the recovered file
     * (its entries are reset first). Null when cancelled.
     */
    static SegmentSurvivors scan(FileChannel ch, long fileSize, SegmentReading into, Cancellation cancellation)
            throws IOException {
        into.dropEntries();
        if (fileSize < MIN_RECOVERABLE) {
            return new SegmentSurvivors(new long[0], new int[0], 0, 0);
        }
        long[] from = new long[16];
        int[] sizes = new int[16];
        int count = 0;
        int unreadable = 0;
        long newOffset = SegmentEntry.MAGIC_SIZE;
        CRC32 crc = new CRC32();
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        MappedByteBuffer map = null;
        long mapStart = 0;
        long mapEnd = 0;
        long p = 0;
        while (fileSize - p >= SegmentEntry.HEADER_SIZE) {
            // the window always holds a whole maximal entry from p on, or reaches the end of the file
            if (map == null || p + SegmentEntry.MAX_OBJECT_SIZE > mapEnd && mapEnd < fileSize) {
                if (cancellation.isCancelled()) {
                    return null;
                }
                mapStart = p;
                mapEnd = Math.min(fileSize, p + WINDOW + SegmentEntry.MAX_OBJECT_SIZE);
                map = ch.map(FileChannel.MapMode.READ_ONLY, mapStart, mapEnd - mapStart);
                map.order(ByteOrder.LITTLE_ENDIAN);
            }
            int at = (int) (p - mapStart);
            int stored = map.getInt(at);
            long size = Integer.toUnsignedLong(map.getInt(at + 4));
            int tag = map.get(at + 8) & 0xFF;
            if (size > SegmentEntry.MAX_OBJECT_SIZE || tag > SegmentEntry.MAX_TAG_ID || size < SegmentEntry.HEADER_SIZE
                    || size > fileSize - p || checksum(crc, map, at + 4, at + (int) size) != stored) {
                p++;
                continue;
            }
            boolean keyed = tag == SegmentEntry.TAG_PUT || tag == SegmentEntry.TAG_DELETE;
            if (tag > SegmentEntry.TAG_COMMIT || keyed && size < SegmentEntry.PUT_HEADER_SIZE) {
                unreadable++;
            } else {
                if (count == from.length) {
                    from = Arrays.copyOf(from, count * 2);
                    sizes = Arrays.copyOf(sizes, count * 2);
                }
                from[count] = p;
                sizes[count] = (int) size;
                count++;
                if (keyed) {
                    map.get(at + SegmentEntry.HEADER_SIZE, key);
                }
                into.add(tag, newOffset, (int) size, key, 0);
                newOffset += size;
            }
            p += size;
        }
        return new SegmentSurvivors(from, sizes, count, unreadable);
    }

    private static int checksum(CRC32 crc, MappedByteBuffer map, int from, int to) {
        crc.reset();
        crc.update(map.slice(from, to - from));
        return (int) crc.getValue();
    }
}
