package org.repono.engine.format;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte object id as a map key (equality by content). Holds its own copy of the bytes. */
public final class ObjectId implements Comparable<ObjectId> {
    private final byte[] bytes;
    private final int hash;

    private ObjectId(byte[] copy) {
        this.bytes = copy;
        this.hash = Arrays.hashCode(copy);
    }

    /** Copies {@code key}, which must be 32 bytes. */
    public static ObjectId of(byte[] key) {
        SegmentEntry.requireKey(key);
        return new ObjectId(key.clone());
    }

    /** From 64 hex characters. */
    public static ObjectId ofHex(String hex) {
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex object id: '" + hex + "'", e);
        }
        SegmentEntry.requireKey(key);
        return new ObjectId(key);
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into dst at off. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    public boolean matches(byte[] key) {
        return Arrays.equals(bytes, key);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(ObjectId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
