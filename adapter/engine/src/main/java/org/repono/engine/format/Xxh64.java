package org.repono.engine.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streaming XXH64 (seed 0 unless given), as borg's {@code StreamingXXH64} computes it, in plain Java: no native
 * library (WildFly warns about lz4-java's, which needs an executable stack) and no {@code sun.misc.Unsafe}.
 * Little-endian 8-byte reads through a {@link VarHandle} compile to single loads, so a C2-compiled {@link #update}
 * runs at memory speed. Not thread-safe.
 */
public final class Xxh64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long seed;
    private long v1;
    private long v2;
    private long v3;
    private long v4;
    private long total;
    /** Bytes not yet folded into v1..v4 (fewer than 32). */
    private final byte[] pending = new byte[32];
    private int pendingLength;
    /** {@link #bulkStripes}' longs, allocated at the first long input. */
    private long[] window;
    /** Inputs from this many bytes take {@link #bulkStripes}. */
    private static final int BULK = 4096;
    /** 64 KiB of longs per bulk copy (a multiple of 4: whole stripes). */
    private static final int WINDOW_LONGS = 8192;

    public Xxh64() {
        this(0);
    }

    public Xxh64(long seed) {
        this.seed = seed;
        reset();
    }

    public void reset() {
        v1 = seed + P1 + P2;
        v2 = seed + P2;
        v3 = seed;
        v4 = seed - P1;
        total = 0;
        pendingLength = 0;
    }

    public void update(byte[] b) {
        update(b, 0, b.length);
    }

    public void update(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + len + ") of " + b.length + " bytes");
        }
        total += len;
        int p = off;
        int end = off + len;
        if (pendingLength > 0) {
            int n = Math.min(32 - pendingLength, len);
            System.arraycopy(b, p, pending, pendingLength, n);
            pendingLength += n;
            p += n;
            if (pendingLength < 32) {
                return;
            }
            stripes(pending, 0, 32);
            pendingLength = 0;
        }
        int whole = (end - p) & ~31;
        if (whole >= BULK) {
            bulkStripes(b, p, p + whole);
            p += whole;
        } else if (whole > 0) {
            stripes(b, p, p + whole);
            p += whole;
        }
        if (p < end) {
            System.arraycopy(b, p, pending, 0, end - p);
            pendingLength = end - p;
        }
    }

    /** Folds the 32-byte stripes of b[from, to) into the state; to - from is a multiple of 32. */
    private void stripes(byte[] b, int from, int to) {
        long a1 = v1;
        long a2 = v2;
        long a3 = v3;
        long a4 = v4;
        for (int p = from; p < to; p += 32) {
            a1 = round(a1, (long) LONG.get(b, p));
            a2 = round(a2, (long) LONG.get(b, p + 8));
            a3 = round(a3, (long) LONG.get(b, p + 16));
            a4 = round(a4, (long) LONG.get(b, p + 24));
        }
        v1 = a1;
        v2 = a2;
        v3 = a3;
        v4 = a4;
    }

    /**
     * Stripes of b[from, to) (a multiple of 32) for long inputs such as index files: the bytes are turned into
     * longs by one bulk copy per window and the rounds run over a long[] with the rotation written out. An index
     * is hashed while the JVM is still young (it is read at open), and this form runs about twice as fast as
     * {@link #stripes} in the interpreter and in C1's code, and as fast once compiled.
     */
    private void bulkStripes(byte[] b, int from, int to) {
        long[] words = window;
        if (words == null) {
            words = new long[WINDOW_LONGS];
            window = words;
        }
        long a1 = v1;
        long a2 = v2;
        long a3 = v3;
        long a4 = v4;
        for (int p = from; p < to; ) {
            int bytes = Math.min(WINDOW_LONGS * 8, to - p);
            int n = bytes >>> 3;
            ByteBuffer.wrap(b, p, bytes).slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words, 0, n);
            for (int i = 0; i < n; i += 4) {
                long y = a1 + words[i] * P2;
                a1 = ((y << 31) | (y >>> 33)) * P1;
                y = a2 + words[i + 1] * P2;
                a2 = ((y << 31) | (y >>> 33)) * P1;
                y = a3 + words[i + 2] * P2;
                a3 = ((y << 31) | (y >>> 33)) * P1;
                y = a4 + words[i + 3] * P2;
                a4 = ((y << 31) | (y >>> 33)) * P1;
            }
            p += bytes;
        }
        v1 = a1;
        v2 = a2;
        v3 = a3;
        v4 = a4;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }

    /** The digest of everything so far; the stream may go on afterwards. */
    public long digest() {
        long h;
        if (total >= 32) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += total;
        return tail(h, pending, 0, pendingLength);
    }

    private static long tail(long hash, byte[] b, int from, int length) {
        long h = hash;
        int p = from;
        int end = from + length;
        for (; p + 8 <= end; p += 8) {
            h ^= round(0, (long) LONG.get(b, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= end) {
            h ^= ((int) INT.get(b, p) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (b[p] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** XXH64 of b[off, off+len) with the given seed. */
    public static long hash(byte[] b, int off, int len, long seed) {
        Xxh64 x = new Xxh64(seed);
        x.update(b, off, len);
        return x.digest();
    }
}
