package org.repono.engine.txn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Open-addressing map from a 32-byte key to an int (a record number) whose keys the owner keeps in its own flat
 * array: a slot holds only the record number, and record {@code r}'s key is {@code keys[r*32, r*32+32)} of the
 * array the caller passes in. So a transaction's staged ids cost 4-8 bytes here on top of the 32 the owner
 * stores anyway, and no object per id.
 */
final class StagedKeys {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int ABSENT = -1;

    private int[] slots;      // record number, ABSENT = free slot
    private int size;

    StagedKeys() {
        allocate(16);
    }

    private void allocate(int count) {
        slots = new int[count];
        Arrays.fill(slots, ABSENT);
        size = 0;
    }

    int size() {
        return size;
    }

    /** The record whose key equals key[off..off+32), or ABSENT; {@code keys} holds the records' keys. */
    int get(byte[] key, int off, byte[] keys) {
        int mask = slots.length - 1;
        for (int s = hash(key, off) & mask; ; s = (s + 1) & mask) {
            int r = slots[s];
            if (r == ABSENT) {
                return ABSENT;
            }
            if (Arrays.equals(keys, r * 32, r * 32 + 32, key, off, off + 32)) {
                return r;
            }
        }
    }

    /**
     * Maps the key of {@code record} (at {@code keys[record*32]}) to {@code record}, replacing the record an equal
     * key mapped to.
     */
    void put(int record, byte[] keys) {
        if ((size + 1) * 4 > slots.length * 3) {
            grow(keys);
        }
        int off = record * 32;
        int mask = slots.length - 1;
        for (int s = hash(keys, off) & mask; ; s = (s + 1) & mask) {
            int r = slots[s];
            if (r == ABSENT) {
                slots[s] = record;
                size++;
                return;
            }
            if (Arrays.equals(keys, r * 32, r * 32 + 32, keys, off, off + 32)) {
                slots[s] = record;
                return;
            }
        }
    }

    private void grow(byte[] keys) {
        int[] old = slots;
        allocate(old.length * 2);
        int mask = slots.length - 1;
        for (int r : old) {
            if (r != ABSENT) {
                int s = hash(keys, r * 32) & mask;
                while (slots[s] != ABSENT) {
                    s = (s + 1) & mask;
                }
                slots[s] = r;
                size++;
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
