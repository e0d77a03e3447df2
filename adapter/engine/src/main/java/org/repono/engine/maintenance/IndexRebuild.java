package org.repono.engine.maintenance;

import java.util.Arrays;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.HashIndex;

/**
 * borg's {@code _update_index} from an empty state (FORMAT §6.2): segment readings fed in ascending order
 * build the index, the per-segment reference counts ("segments" of the hints), the freeable bytes
 * ("compact") and the storage quota use. Counters live in flat arrays indexed by the segment's position in
 * the sorted list of segments being checked.
 */
final class IndexRebuild {

    /** Where the size of an older PUT comes from when a DELETE frees it (borg reads the entry's header). */
    @FunctionalInterface
    interface EntrySizes {
        int sizeOf(long segment, long offset, byte[] key);
    }

    private final long[] segments;
    private final long[] fileSizes;
    private final int[] refcounts;
    private final long[] compact;
    private final boolean[] seen;
    private final EntrySizes entrySizes;
    private final HashIndex index = HashIndex.create();
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];
    private long quotaUse;

    /** @param segments the segments that will be fed, ascending */
    IndexRebuild(long[] segments, EntrySizes entrySizes) {
        this.segments = segments;
        this.fileSizes = new long[segments.length];
        this.refcounts = new int[segments.length];
        this.compact = new long[segments.length];
        this.seen = new boolean[segments.length];
        this.entrySizes = entrySizes;
    }

    /** Replays one segment; a damaged one (entries dropped) counts as an empty file, as in borg's check. */
    void replay(SegmentReading reading, long fileSize) {
        int own = ordinal(reading.segment);
        seen[own] = true;
        fileSizes[own] = fileSize;
        refcounts[own] = 0;
        for (int i = 0; i < reading.count; i++) {
            int tag = reading.tags[i];
            int size = reading.sizes[i];
            if (tag == SegmentEntry.TAG_PUT) {
                System.arraycopy(reading.keys, i * SegmentEntry.KEY_SIZE, key, 0, SegmentEntry.KEY_SIZE);
                long old = index.get(key);
                if (old != HashIndex.NOT_FOUND) {
                    // borg counts the superseding entry's size, an approximation it lives with
                    int o = ordinal(Integer.toUnsignedLong(HashIndex.segment(old)));
                    compact[o] += size;
                    refcounts[o]--;
                }
                index.put(key, (int) reading.segment, reading.offsets[i]);
                refcounts[own]++;
                quotaUse += size;
            } else if (tag == SegmentEntry.TAG_DELETE) {
                System.arraycopy(reading.keys, i * SegmentEntry.KEY_SIZE, key, 0, SegmentEntry.KEY_SIZE);
                long old = index.remove(key);
                if (old != HashIndex.NOT_FOUND) {
                    long oldSegment = Integer.toUnsignedLong(HashIndex.segment(old));
                    int o = ordinal(oldSegment);
                    refcounts[o]--;
                    compact[o] += entrySizes.sizeOf(oldSegment, Integer.toUnsignedLong(HashIndex.offset(old)), key);
                }
            }
        }
        if (refcounts[own] == 0) {
            compact[own] = fileSize;
        }
    }

    HashIndex index() {
        return index;
    }

    long quotaUse() {
        return quotaUse;
    }

    /** The segments fed so far, ascending. */
    long[] replayedSegments() {
        int n = 0;
        long[] out = new long[segments.length];
        for (int i = 0; i < segments.length; i++) {
            if (seen[i]) {
                out[n++] = segments[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Live PUTs the rebuilt index points to in {@code segment} (0 for one never fed). */
    int refcount(long segment) {
        int i = Arrays.binarySearch(segments, segment);
        return i >= 0 && seen[i] ? refcounts[i] : 0;
    }

    /** Freeable bytes of {@code segment} as borg's rebuild computes them (0 for one never fed). */
    long compact(long segment) {
        int i = Arrays.binarySearch(segments, segment);
        return i >= 0 && seen[i] ? compact[i] : 0;
    }

    boolean replayed(long segment) {
        int i = Arrays.binarySearch(segments, segment);
        return i >= 0 && seen[i];
    }

    private int ordinal(long segment) {
        int i = Arrays.binarySearch(segments, segment);
        if (i < 0) {
            throw new IllegalStateException("segment " + segment + " is not among those checked");
        }
        return i;
    }
}
