package org.repono.engine.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;

/**
 * The hints bookkeeping of one group commit (FORMAT §6.4), recorded while its entries are written and applied
 * to the committed {@link Hints} only once the commit is durable. Operations keep borg's order, so the
 * resulting maps have the insertion order borg's own dicts would have.
 */
final class HintsChanges {
    private static final byte REFS = 0;
    private static final byte FREEABLE = 1;
    private static final byte SHADOW_APPEND = 2;
    private static final byte SHADOW_INIT = 3;

    private byte[] op = new byte[64];
    private int[] segment = new int[64];
    private long[] value = new long[64];
    private final List<byte[]> keys = new ArrayList<>();
    private int count;
    private long quota;

    /** segments[s] = segments.get(s, 0) + delta (borg's setdefault then +=). */
    void refs(long s, int delta) {
        add(REFS, s, delta, null);
    }

    /** compact[s] += bytes. */
    void freeable(long s, long bytes) {
        add(FREEABLE, s, bytes, null);
    }

    /** shadow_index.setdefault(key, []).append(s). */
    void shadowAppend(byte[] key, long s) {
        add(SHADOW_APPEND, s, 0, key.clone());
    }

    /** shadow_index.setdefault(key, []). */
    void shadowInit(byte[] key) {
        add(SHADOW_INIT, 0, 0, key.clone());
    }

    void quota(long bytes) {
        quota += bytes;
    }

    long quota() {
        return quota;
    }

    private void add(byte kind, long s, long v, byte[] key) {
        if (count == op.length) {
            op = Arrays.copyOf(op, count * 2);
            segment = Arrays.copyOf(segment, count * 2);
            value = Arrays.copyOf(value, count * 2);
        }
        op[count] = kind;
        segment[count] = Math.toIntExact(s);
        value[count] = v;
        if (key != null) {
            keys.add(key);
        }
        count++;
    }

    void applyTo(Hints hints) {
        int k = 0;
        for (int i = 0; i < count; i++) {
            switch (op[i]) {
                case REFS -> hints.segments.merge(segment[i], (int) value[i], Integer::sum);
                case FREEABLE -> hints.compact.merge(segment[i], value[i], Long::sum);
                case SHADOW_APPEND -> hints.shadowIndex.computeIfAbsent(ObjectId.of(keys.get(k++)), x -> new ArrayList<>())
                        .add(segment[i]);
                case SHADOW_INIT -> hints.shadowIndex.computeIfAbsent(ObjectId.of(keys.get(k++)), x -> new ArrayList<>());
                default -> throw new IllegalStateException("unknown hints operation " + op[i]);
            }
        }
        hints.storageQuotaUse += quota;
    }
}
