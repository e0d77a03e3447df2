package org.repono.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte object id with a 64-character lowercase hex form. Immutable value type. */
public final class ObjectId implements Comparable<ObjectId>, java.io.Serializable {
    public static final int LENGTH = 32;
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    private ObjectId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws InvalidObjectIdException when not exactly 32 bytes */
    public static ObjectId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new InvalidObjectIdException("an object id is 32 bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new ObjectId(bytes.clone());
    }

    /** @throws InvalidObjectIdException when not exactly 64 hex characters */
    public static ObjectId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new InvalidObjectIdException("an object id is 64 hex characters, got \"" + hex + "\"");
        }
        try {
            return new ObjectId(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectIdException("an object id is 64 hex characters, got \"" + hex + "\"");
        }
    }

    /** The id borg and Repono give content: SHA-256 of the bytes. */
    public static ObjectId sha256(byte[] content) {
        return new ObjectId(digest().digest(content));
    }

    /** SHA-256 of everything the stream yields (read to its end, not closed). */
    public static ObjectId sha256(InputStream content) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = content.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return new ObjectId(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    public boolean hasHexPrefix(String prefix) {
        return toHex().startsWith(prefix.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ObjectId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
