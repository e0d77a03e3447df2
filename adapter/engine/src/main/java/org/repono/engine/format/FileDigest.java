package org.repono.engine.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * borg's XXH64 file digest (FORMAT §5; borg's IntegrityCheckedFile): one XXH64 stream over the final
 * file name, the file's bytes and named "parts", with an intermediate digest taken at each part. Feed it
 * the bytes while writing or reading the file so the file is never read twice.
 *
 * <pre>
 *   d = new FileDigest("index.7"); d.update(header); d.part("HashHeader", 18);
 *   d.update(buckets...); d.part("final", fileLength);  // d.toJson() is what integrity.N stores
 * </pre>
 */
public final class FileDigest {

    public static final String ALGORITHM = "XXH64";
    public static final String FINAL = "final";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Xxh64 hash = new Xxh64();
    private final Map<String, String> digests = new LinkedHashMap<>();
    private byte[] scratch;

    /** Starts the stream with the file's final name (e.g. "index.7", never "index.7.tmp"). */
    public FileDigest(String finalName) {
        lengthPrefixed(finalName);
    }

    public void update(byte[] bytes) {
        hash.update(bytes, 0, bytes.length);
    }

    public void update(byte[] bytes, int off, int len) {
        hash.update(bytes, off, len);
    }

    /** Consumes buf's remaining bytes (its position moves to its limit). */
    public void update(ByteBuffer buf) {
        if (buf.hasArray()) {
            hash.update(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            buf.position(buf.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[64 * 1024];
        }
        while (buf.hasRemaining()) {
            int n = Math.min(scratch.length, buf.remaining());
            buf.get(scratch, 0, n);
            hash.update(scratch, 0, n);
        }
    }

    /**
     * Ends a part: hashes the part name and {@code position} (the file position at that point, in decimal),
     * records and returns the intermediate digest (16 lowercase hex).
     */
    public String part(String name, long position) {
        lengthPrefixed(name);
        update(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
        String hex = hex(hash.digest());
        digests.put(name, hex);
        return hex;
    }

    /** {@code part("final", fileLength)}. */
    public String finish(long fileLength) {
        return part(FINAL, fileLength);
    }

    /** The digests taken so far, in order. */
    public Map<String, String> digests() {
        return Collections.unmodifiableMap(digests);
    }

    /** What borg stores in integrity.N: {@code {"algorithm": "XXH64", "digests": {...}}} with Python's separators. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"algorithm\": \"").append(ALGORITHM).append("\", \"digests\": {");
        boolean first = true;
        for (Map.Entry<String, String> e : digests.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
        }
        return sb.append("}}").toString();
    }

    /** XXH64 (seed 0) of {@code bytes}, for tests and one-off uses. */
    public static long xxh64(byte[] bytes) {
        return Xxh64.hash(bytes, 0, bytes.length, 0);
    }

    /** 16 lowercase hex digits (without String.format: its first call loads the locale machinery, ~100 ms). */
    public static String hex(long value) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(out);
    }

    /** borg's {@code '%10d' % len(name)} then the name. */
    private void lengthPrefixed(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        String length = Integer.toString(s.length());
        update(("          ".substring(Math.min(10, length.length())) + length).getBytes(StandardCharsets.US_ASCII));
        update(bytes);
    }
}
