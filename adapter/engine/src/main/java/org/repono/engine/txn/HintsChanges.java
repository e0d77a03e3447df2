package org.repono.engine.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;

/**
 * The hints bookkeeping of one group commit (FORMAT §6.4), recorded while its entries are written and applied
 * to the committed {@link Hints} only once the commit is durable. Reference counts and freeable bytes are summed
 * per segment as they come (a commit touches a handful of segments, however many entries it writes); each map
 * receives its segments in the order the commit first touched them, so the resulting maps have the insertion
 * order borg's own dicts would have. Shadow-index operations keep their order.
 */
final class HintsChanges {
    private final SegmentSums refs = new SegmentSums();
    private final SegmentSums freeable = new SegmentSums();
    private final List<byte[]> shadowKeys = new ArrayList<>();
    /** Segment of each shadow operation; -1 = only make sure the key has a list (shadow_index.setdefault). */
    private long[] shadowSegments = new long[16];
    private long quota;
    private long[] later = new long[16];
    private int laterCount;

    /** segments[s] = segments.get(s, 0) + delta (borg's setdefault then +=). */
    void refs(long s, int delta) {
        refs.add(Math.toIntExact(s), delta);
    }

    /** compact[s] += bytes. */
    void freeable(long s, long bytes) {
        freeable.add(Math.toIntExact(s), bytes);
    }

    /** compact[segment of location] += size of the PUT at location, read later (see {@link PendingFreeable}). */
    void freeableLater(long location) {
        if (laterCount == later.length) {
            later = Arrays.copyOf(later, laterCount * 2);
        }
        later[laterCount++] = location;
    }

    /** shadow_index.setdefault(key, []).append(s). */
    void shadowAppend(byte[] key, long s) {
        shadow(key, Math.toIntExact(s));
    }

    /** shadow_index.setdefault(key, []). */
    void shadowInit(byte[] key) {
        shadow(key, -1);
    }

    private void shadow(byte[] key, long s) {
        int n = shadowKeys.size();
        if (n == shadowSegments.length) {
            shadowSegments = Arrays.copyOf(shadowSegments, n * 2);
        }
        shadowSegments[n] = s;
        shadowKeys.add(key.clone());
    }

    void quota(long bytes) {
        quota += bytes;
    }

    long quota() {
        return quota;
    }

    void applyTo(Hints hints, PendingFreeable pending) {
        for (int i = 0; i < laterCount; i++) {
            pending.add(later[i]);
        }
        for (int i = 0; i < refs.count; i++) {
            hints.segments.merge(refs.segments[i], (int) refs.sums[i], Integer::sum);
        }
        for (int i = 0; i < freeable.count; i++) {
            hints.compact.merge(freeable.segments[i], freeable.sums[i], Long::sum);
        }
        hints.reserveShadowEntries(shadowKeys.size());
        for (int i = 0; i < shadowKeys.size(); i++) {
            List<Integer> list = hints.shadowIndex.computeIfAbsent(ObjectId.of(shadowKeys.get(i)), x -> new ArrayList<>());
            if (shadowSegments[i] >= 0) {
                list.add((int) shadowSegments[i]);
            }
        }
        hints.storageQuotaUse += quota;
    }

    /**
     * Per-segment sums in first-touch order. The segment touched last is looked at first (consecutive entries go to
     * one segment); past a few segments a map finds the others.
     */
    private static final class SegmentSums {
        private static final int SCAN = 16;
        int[] segments = new int[8];
        long[] sums = new long[8];
        int count;
        private int last = -1;
        private java.util.Map<Integer, Integer> where;

        void add(int segment, long delta) {
            if (last >= 0 && segments[last] == segment) {
                sums[last] += delta;
                return;
            }
            int i = find(segment);
            if (i < 0) {
                if (count == segments.length) {
                    segments = Arrays.copyOf(segments, count * 2);
                    sums = Arrays.copyOf(sums, count * 2);
                }
                i = count++;
                segments[i] = segment;
                if (where != null) {
                    where.put(segment, i);
                } else if (count > SCAN) {
                    where = new java.util.HashMap<>();
                    for (int j = 0; j < count; j++) {
                        where.put(segments[j], j);
                    }
                }
            }
            sums[i] += delta;
            last = i;
        }

        private int find(int segment) {
            if (where != null) {
                Integer i = where.get(segment);
                return i == null ? -1 : i;
            }
            for (int i = count - 1; i >= 0; i--) {
                if (segments[i] == segment) {
                    return i;
                }
            }
            return -1;
        }
    }
}
