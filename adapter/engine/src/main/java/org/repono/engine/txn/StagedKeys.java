package org.repono.engine.txn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Open-addressing map from a 32-byte key to an int (a record number), keys held in one flat array: a
 * transaction's staged ids without an object per id.
 */
final class StagedKeys {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int ABSENT = -1;

    private byte[] keys;      // slot * 32
    private int[] values;     // ABSENT = free slot
    private int size;

    StagedKeys() {
        allocate(16);
    }

    private void allocate(int slots) {
        keys = new byte[slots * 32];
        values = new int[slots];
        Arrays.fill(values, ABSENT);
        size = 0;
    }

    int size() {
        return size;
    }

    /** The value of key[off..off+32), or ABSENT. */
    int get(byte[] key, int off) {
        int mask = values.length - 1;
        for (int s = hash(key, off) & mask; ; s = (s + 1) & mask) {
            if (values[s] == ABSENT) {
                return ABSENT;
            }
            if (Arrays.equals(keys, s * 32, s * 32 + 32, key, off, off + 32)) {
                return values[s];
            }
        }
    }

    /** Sets key → value (value ≥ 0). */
    void put(byte[] key, int off, int value) {
        if ((size + 1) * 4 > values.length * 3) {
            grow();
        }
        int mask = values.length - 1;
        for (int s = hash(key, off) & mask; ; s = (s + 1) & mask) {
            if (values[s] == ABSENT) {
                System.arraycopy(key, off, keys, s * 32, 32);
                values[s] = value;
                size++;
                return;
            }
            if (Arrays.equals(keys, s * 32, s * 32 + 32, key, off, off + 32)) {
                values[s] = value;
                return;
            }
        }
    }

    private void grow() {
        byte[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldValues.length * 2);
        for (int s = 0; s < oldValues.length; s++) {
            if (oldValues[s] != ABSENT) {
                put(oldKeys, s * 32, oldValues[s]);
            }
        }
    }

    private static int hash(byte[] key, int off) {
        long h = (long) LONG.get(key, off) * 0x9E3779B97F4A7C15L;
        h ^= (long) LONG.get(key, off + 8) * 0xC2B2AE3D27D4EB4FL;
        h ^= (long) LONG.get(key, off + 16) * 0x165667B19E3779F9L;
        h ^= (long) LONG.get(key, off + 24) * 0x27D4EB2F165667C5L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }
}
