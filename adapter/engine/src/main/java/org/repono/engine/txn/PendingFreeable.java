package org.repono.engine.txn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.repono.engine.format.Hints;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.HashIndex;
import org.repono.engine.log.SegmentChannels;

/**
 * Freeable bytes whose amount is not known yet: the superseded PUTs of deleted (or overwritten) ids. borg reads
 * each one's header from its segment as it deletes it, to add its size to {@code compact[segment]}; that is one
 * random read per delete, while only compaction, the hints file and the statistics ever look at those sums. So a
 * commit records the PUT's location here and the sizes are read later, all at once in file order (one large read
 * covers many headers), before anything looks at {@link Hints#compact}: a checkpoint, a compaction, the
 * statistics. Reference counts are not affected (the segment is in the location).
 *
 * <p>Guarded like the hints it belongs to: changed under the state's write lock by the log writer.
 */
final class PendingFreeable {
    private static final System.Logger LOG = System.getLogger(PendingFreeable.class.getName());
    private static final int WINDOW = 1 << 20;

    private long[] locations = new long[64];
    private int count;

    /** The PUT at {@code location} ({@link HashIndex#pack} form) was superseded: its size is freeable. */
    void add(long location) {
        if (count == locations.length) {
            locations = Arrays.copyOf(locations, count * 2);
        }
        locations[count++] = location;
    }

    boolean isEmpty() {
        return count == 0;
    }

    void clear() {
        count = 0;
        if (locations.length > 4096) {
            locations = new long[64];
        }
    }

    /**
     * Reads the sizes of every pending PUT (file order, no lock needed: only the log writer touches this) and
     * returns them summed per segment; {@link #applyAndClear} then adds them to the hints.
     */
    Sums read(SegmentChannels channels) {
        Sums sums = new Sums();
        if (count == 0) {
            return sums;
        }
        long[] sorted = Arrays.copyOf(locations, count);
        Arrays.sort(sorted); // (segment, offset) order: segments ascend, offsets ascend within each
        ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < sorted.length) {
            long segment = Integer.toUnsignedLong(HashIndex.segment(sorted[i]));
            int end = i;
            while (end < sorted.length && Integer.toUnsignedLong(HashIndex.segment(sorted[end])) == segment) {
                end++;
            }
            sums.add((int) segment, sizes(segment, sorted, i, end, window, channels));
            i = end;
        }
        return sums;
    }

    /** Adds what {@link #read} found to the hints' freeable bytes and forgets the pending PUTs (state write lock). */
    void applyAndClear(Sums sums, Hints hints) {
        for (int k = 0; k < sums.count; k++) {
            hints.compact.merge(sums.segments[k], sums.bytes[k], Long::sum);
        }
        clear();
    }

    /** Freeable bytes per segment, in ascending segment order. */
    static final class Sums {
        int[] segments = new int[8];
        long[] bytes = new long[8];
        int count;

        private void add(int segment, long b) {
            if (count == segments.length) {
                segments = Arrays.copyOf(segments, count * 2);
                bytes = Arrays.copyOf(bytes, count * 2);
            }
            segments[count] = segment;
            bytes[count++] = b;
        }
    }

    /** Σ entry sizes of the PUTs at sorted[from, to) (one segment), read through windows of the file. */
    private static long sizes(long segment, long[] sorted, int from, int to, ByteBuffer window, SegmentChannels channels) {
        long total = 0;
        try (SegmentChannels.Handle h = channels.acquire(segment)) {
            long windowStart = -1;
            int windowLength = 0;
            for (int k = from; k < to; k++) {
                long offset = Integer.toUnsignedLong(HashIndex.offset(sorted[k]));
                if (windowStart < 0 || offset < windowStart || offset + SegmentEntry.PUT_HEADER_SIZE > windowStart + windowLength) {
                    // read from this header to the last pending header that still fits: dense deletes share
                    // large reads, a lone one costs one small read
                    long last = offset;
                    for (int j = k + 1; j < to; j++) {
                        long o = Integer.toUnsignedLong(HashIndex.offset(sorted[j]));
                        if (o + SegmentEntry.PUT_HEADER_SIZE - offset > WINDOW) {
                            break;
                        }
                        last = o;
                    }
                    window.clear().limit((int) (last + SegmentEntry.PUT_HEADER_SIZE - offset));
                    windowStart = offset;
                    while (window.hasRemaining()) {
                        int n = h.channel().read(window, windowStart + window.position());
                        if (n < 0) {
                            break;
                        }
                    }
                    windowLength = window.position();
                }
                total += size(window, (int) (offset - windowStart), windowLength, segment, offset);
            }
        } catch (IOException | RuntimeException e) {
            // understating "compact" only delays reclaiming space; a check or replay recounts it
            LOG.log(Level.WARNING, "cannot read superseded entry sizes in segment {0}: {1}", segment, e.toString());
        }
        return total;
    }

    /** The PUT header's size field at p, checked as borg's read(read_data=False) checks it; 0 when it is no PUT. */
    private static int size(ByteBuffer window, int p, int windowLength, long segment, long offset) {
        if (p + SegmentEntry.PUT_HEADER_SIZE > windowLength) {
            LOG.log(Level.WARNING, "segment {0} ends before the superseded entry at {1}", segment, offset);
            return 0;
        }
        int size = window.getInt(p + 4);
        int tag = window.get(p + 8) & 0xFF;
        if (tag != SegmentEntry.TAG_PUT || size < SegmentEntry.PUT_HEADER_SIZE
                || Integer.compareUnsigned(size, SegmentEntry.MAX_OBJECT_SIZE) > 0) {
            LOG.log(Level.WARNING, "no PUT at segment {0} offset {1} (tag {2}, size {3})", segment, offset, tag,
                    Integer.toUnsignedString(size));
            return 0;
        }
        return size;
    }
}
