package org.repono.engine.cli.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A family of benchmark objects (WORKLOADS.md "Objects"): object i is {@code LE64(i) || base[8:S]} where base
 * is the first S bytes of {@code SHA-256(L || LE64(0)) || SHA-256(L || LE64(1)) || ...}, L = "borg-bench/NAME";
 * its id is the SHA-256 of the object.
 */
public final class ObjectFamily {
    public static final int MIB = 1 << 20;

    private final String name;
    private final int size;
    private final long count;
    private final byte[] base;

    private ObjectFamily(String name, int size, long countAtScaleOne, double scale) {
        this.name = name;
        this.size = size;
        this.count = scaled(countAtScaleOne, scale);
        this.base = stream("borg-bench/" + name, size);
    }

    /** The four families of WORKLOADS.md, object counts multiplied by {@code scale}. */
    public static ObjectFamily of(String name, double scale) {
        return switch (name) {
            case "put_large" -> new ObjectFamily(name, MIB, 1024, scale);
            case "put_small" -> new ObjectFamily(name, 4096, 200_000, scale);
            case "commit_small_tx" -> new ObjectFamily(name, 4096, 500, scale);
            case "put_tiny" -> new ObjectFamily(name, 64, 1 << 20, scale);
            default -> throw new IllegalArgumentException("no object family '" + name + "'");
        };
    }

    /** max(1, round(n × scale)), rounding half to even as Python's round() does. */
    public static long scaled(long n, double scale) {
        return Math.max(1, (long) Math.rint(n * scale));
    }

    /** The first n bytes of SHA-256(label || LE64(0)) || SHA-256(label || LE64(1)) || ... */
    public static byte[] stream(String label, int n) {
        MessageDigest md = sha256();
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[n];
        byte[] k = new byte[8];
        for (int pos = 0, block = 0; pos < n; pos += 32, block++) {
            writeLe64(k, 0, block);
            md.update(l);
            md.update(k);
            byte[] d = md.digest();
            System.arraycopy(d, 0, out, pos, Math.min(32, n - pos));
        }
        return out;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public long count() {
        return count;
    }

    /** The first bytes of base (the test vectors of WORKLOADS.md). */
    public byte[] basePrefix(int n) {
        return Arrays.copyOf(base, n);
    }

    /** Object i, in a new array: the engine may keep what it is given until commit. */
    public byte[] data(long i) {
        byte[] d = base.clone();
        writeLe64(d, 0, i);
        return d;
    }

    public byte[] id(long i) {
        return sha256().digest(data(i));
    }

    /** The ids of the given objects, packed 32 bytes each into one array (the harness's own memory stays small). */
    public byte[] packedIds(long[] indexes) {
        MessageDigest md = sha256();
        byte[] d = base.clone();
        byte[] packed = new byte[Math.multiplyExact(indexes.length, 32)];
        for (int k = 0; k < indexes.length; k++) {
            writeLe64(d, 0, indexes[k]);
            md.update(d);
            try {
                md.digest(packed, 32 * k, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }
        return packed;
    }

    /** Ids of objects 0..n-1 (or every step-th of them from first), packed. */
    public byte[] packedIds(long first, long end, long step) {
        int n = (int) Math.max(0, (end - first + step - 1) / step);
        long[] idx = new long[n];
        for (int k = 0; k < n; k++) {
            idx[k] = first + k * step;
        }
        return packedIds(idx);
    }

    /** The k-th id of a packed array, as a new 32-byte array. */
    public static byte[] idAt(byte[] packed, int k) {
        return Arrays.copyOfRange(packed, 32 * k, 32 * k + 32);
    }

    static void writeLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
