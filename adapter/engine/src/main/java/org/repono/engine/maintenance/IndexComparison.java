package org.repono.engine.maintenance;

import java.util.HexFormat;
import org.repono.engine.Cancellation;
import org.repono.engine.index.HashIndex;

/**
 * Compares the index rebuilt from the segments with one the repository holds (borg's "Index object count
 * mismatch" and its {@code ID: ... rebuilt index: ... committed index: ...} lines). Per-id differences are
 * listed up to a limit, then summed up in one more problem.
 */
final class IndexComparison {
    /** Per-id problems listed before the rest are only counted. */
    static final int LISTED = 100;
    private static final int CANCEL_STEP = 1 << 20;

    private IndexComparison() {
    }

    /**
     * @param what      names the compared index in messages, e.g. "committed index" or "index.7"
     * @param perEntry  whether to report per-id differences (a repair only reports the count)
     * @return false when cancelled before the end
     */
    static boolean compare(HashIndex rebuilt, HashIndex held, String what, boolean perEntry, ProblemLog log,
                           Cancellation cancellation) {
        if (held.size() != rebuilt.size()) {
            log.add(ProblemKind.INDEX_COUNT_MISMATCH, -1, -1, "Index object count mismatch: " + what + " has "
                    + held.size() + " objects, the segments hold " + rebuilt.size());
        }
        byte[] key = new byte[HashIndex.KEY_SIZE];
        long differing = 0;
        long live = 0;
        int steps = 0;
        for (int b = rebuilt.nextBucket(0); b >= 0; b = rebuilt.nextBucket(b + 1)) {
            rebuilt.keyAt(b, key, 0);
            long expected = rebuilt.valueAt(b);
            long found = held.get(key);
            if (found != expected) {
                differing = report(log, perEntry, differing, what, key, expected, found);
            }
            if (++steps % CANCEL_STEP == 0 && cancellation.isCancelled()) {
                return false;
            }
        }
        for (int b = held.nextBucket(0); b >= 0; b = held.nextBucket(b + 1)) {
            live++;
            held.keyAt(b, key, 0);
            if (rebuilt.get(key) == HashIndex.NOT_FOUND) {
                differing = report(log, perEntry, differing, what, key, HashIndex.NOT_FOUND, held.valueAt(b));
            }
            if (++steps % CANCEL_STEP == 0 && cancellation.isCancelled()) {
                return false;
            }
        }
        if (live != held.size()) {
            log.add(ProblemKind.INDEX_CORRUPT, -1, -1, what + " says it holds " + held.size()
                    + " objects but its buckets hold " + live);
        }
        if (perEntry && differing > LISTED) {
            log.add(ProblemKind.INDEX_ENTRY_MISMATCH, -1, -1, (differing - LISTED) + " more ids differ between "
                    + what + " and the index rebuilt from the segments (" + differing + " in all)");
        }
        return true;
    }

    private static long report(ProblemLog log, boolean perEntry, long differing, String what, byte[] key,
                               long rebuilt, long held) {
        if (perEntry && differing < LISTED) {
            long at = rebuilt != HashIndex.NOT_FOUND ? rebuilt : held;
            log.add(ProblemKind.INDEX_ENTRY_MISMATCH, Integer.toUnsignedLong(HashIndex.segment(at)),
                    Integer.toUnsignedLong(HashIndex.offset(at)), "ID: " + HexFormat.of().formatHex(key)
                            + " rebuilt index: " + describe(rebuilt) + " " + what + ": " + describe(held));
        }
        return differing + 1;
    }

    static String describe(long value) {
        if (value == HashIndex.NOT_FOUND) {
            return "<not found>";
        }
        return "(" + Integer.toUnsignedLong(HashIndex.segment(value)) + ", "
                + Integer.toUnsignedLong(HashIndex.offset(value)) + ")";
    }
}
