package org.repono.engine.maintenance;

import java.util.Arrays;
import org.repono.engine.format.SegmentEntry;

/**
 * What reading one segment file found: its entries in file order as flat arrays (no object per entry), or
 * the first error. For a damaged segment read by a repair, {@link #survivors} holds what recovery keeps and
 * the entry arrays describe the segment as it will be after recovery (new offsets).
 */
final class SegmentReading {
    final long segment;
    long fileSize = -1;

    int count;
    byte[] tags = new byte[16];
    /** Entry offsets, u32. */
    int[] offsets = new int[16];
    int[] sizes = new int[16];
    byte[] keys = new byte[16 * SegmentEntry.KEY_SIZE];

    /** Entries whose CRC was verified. */
    long verified;

    /** Null when the whole file read cleanly. */
    String errorKind;
    long errorOffset = -1;
    String errorMessage;

    /** Repair only, for a damaged segment. */
    SegmentSurvivors survivors;

    /** Reading stopped because of a cancellation; nothing else here is complete. */
    boolean cancelled;

    SegmentReading(long segment) {
        this.segment = segment;
    }

    boolean damaged() {
        return errorKind != null;
    }

    boolean missing() {
        return ProblemKind.SEGMENT_MISSING.equals(errorKind);
    }

    void add(int tag, long offset, int size, byte[] key, int keyOff) {
        if (count == tags.length) {
            int n = count * 2;
            tags = Arrays.copyOf(tags, n);
            offsets = Arrays.copyOf(offsets, n);
            sizes = Arrays.copyOf(sizes, n);
            keys = Arrays.copyOf(keys, n * SegmentEntry.KEY_SIZE);
        }
        tags[count] = (byte) tag;
        offsets[count] = (int) offset;
        sizes[count] = size;
        if (tag != SegmentEntry.TAG_COMMIT) {
            System.arraycopy(key, keyOff, keys, count * SegmentEntry.KEY_SIZE, SegmentEntry.KEY_SIZE);
        }
        count++;
    }

    void fail(String kind, long offset, String message) {
        errorKind = kind;
        errorOffset = offset;
        errorMessage = message;
    }

    /** Forgets the entries (a damaged segment without repair counts as empty, as borg's check does). */
    void dropEntries() {
        count = 0;
    }

    long offset(int i) {
        return Integer.toUnsignedLong(offsets[i]);
    }

    /** Size of the entry at {@code offset}, or -1 when no entry starts there. */
    int sizeAt(long offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = offset(mid);
            if (at < offset) {
                lo = mid + 1;
            } else if (at > offset) {
                hi = mid - 1;
            } else {
                return sizes[mid];
            }
        }
        return -1;
    }
}
