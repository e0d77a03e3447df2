package org.repono.engine.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * {@code integrity.N} (FORMAT §5): msgpack-raw map {@code version → 2, hints → JSON, index → JSON}, the JSON
 * being what {@link FileDigest#toJson()} produces. Also verifies a hints or index file against it, with
 * borg 1.2.4's rules for missing, unknown or unparsable integrity data.
 */
public final class IntegrityFile {

    public static final int VERSION = 2;

    /** Outcome of checking a file against its integrity data. */
    public enum Verification {
        /** Digests present and equal. */
        VERIFIED,
        /** A digest differs (or is missing for a part): borg treats the file as corrupt. */
        MISMATCH,
        /** The JSON cannot be parsed or lacks "algorithm"/"digests"/"final": borg treats the file as corrupt. */
        UNPARSABLE,
        /** integrity.N has a version other than 2: borg warns and does not verify. */
        UNKNOWN_VERSION,
        /** The algorithm is not XXH64: borg warns and does not verify (borg would verify SHA512; never written for repos). */
        UNKNOWN_ALGORITHM,
        /** No integrity.N: borg accepts the file silently. */
        ABSENT;

        /** Whether borg would reject the file (delete it and rebuild). */
        public boolean failed() {
            return this == MISMATCH || this == UNPARSABLE;
        }
    }

    private final Long version;
    private final String hintsJson;
    private final String indexJson;

    private IntegrityFile(Long version, String hintsJson, String indexJson) {
        this.version = version;
        this.hintsJson = hintsJson;
        this.indexJson = indexJson;
    }

    /** Version-2 integrity data from the two digests' JSON. */
    public static IntegrityFile of(String hintsJson, String indexJson) {
        return new IntegrityFile((long) VERSION, hintsJson, indexJson);
    }

    /** Version-2 integrity data from the two finished digests. */
    public static IntegrityFile of(FileDigest hints, FileDigest index) {
        return of(hints.toJson(), index.toJson());
    }

    /** The decoded version, or null when the file had none. */
    public Long version() {
        return version;
    }

    public boolean knownVersion() {
        return version != null && version == VERSION;
    }

    /** The hints JSON, or null when absent. */
    public String hintsJson() {
        return hintsJson;
    }

    /** The index JSON, or null when absent. */
    public String indexJson() {
        return indexJson;
    }

    /** msgpack-raw: {@code 83 a7"version" 02 a5"hints" da…json a5"index" da…json}. */
    public byte[] encode() {
        if (hintsJson == null || indexJson == null) {
            // borg crashes on an integrity file lacking either key: never write one
            throw new IllegalStateException("integrity data needs both the hints and the index digests");
        }
        try (MessageBufferPacker out = MsgpackRaw.packer()) {
            out.packMapHeader(3);
            MsgpackRaw.packRaw(out, "version");
            out.packLong(version);
            MsgpackRaw.packRaw(out, "hints");
            MsgpackRaw.packRaw(out, hintsJson);
            MsgpackRaw.packRaw(out, "index");
            MsgpackRaw.packRaw(out, indexJson);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("msgpack into memory failed", e);
        }
    }

    /**
     * Decodes integrity data. A missing version or key is kept as null (borg warns / would crash; callers
     * see it through {@link #verifyIndex}/{@link #verifyHints}).
     *
     * @throws FileFormatException not a msgpack map, or trailing bytes
     */
    public static IntegrityFile decode(byte[] bytes, Path file) {
        Long version = null;
        String hints = null;
        String index = null;
        try (MessageUnpacker in = MsgpackRaw.unpacker(bytes)) {
            if (!in.hasNext() || MsgpackRaw.nextType(in) != ValueType.MAP) {
                throw new FileFormatException(file, "integrity data is not a msgpack map");
            }
            int n = in.unpackMapHeader();
            for (int i = 0; i < n; i++) {
                byte[] rawKey = MsgpackRaw.unpackRawOrNull(in);
                String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
                if (rawKey == null) {
                    in.skipValue();
                } else if (key.equals("version") && MsgpackRaw.nextIsInteger(in)) {
                    version = in.unpackLong();
                } else if (key.equals("hints") || key.equals("index")) {
                    byte[] raw = MsgpackRaw.unpackRawOrNull(in);
                    if (raw == null) {
                        throw new FileFormatException(file, "integrity '" + key + "' is not a string");
                    }
                    String json = new String(raw, StandardCharsets.UTF_8);
                    if (key.equals("hints")) {
                        hints = json;
                    } else {
                        index = json;
                    }
                } else {
                    in.skipValue();
                }
            }
            if (in.hasNext()) {
                throw new FileFormatException(file, "integrity data has extra bytes after the map");
            }
        } catch (MessagePackException | IOException e) {
            throw new FileFormatException(file, "integrity data is not valid msgpack: " + e.getMessage(), e);
        }
        return new IntegrityFile(version, hints, index);
    }

    /** Reads {@code integrity.N}; empty when the file does not exist. */
    public static Optional<IntegrityFile> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FileAccessException(file, "read", e);
        }
        return Optional.of(decode(bytes, file));
    }

    // ---- verification ------------------------------------------------------------------------------

    /**
     * Compares a computed digest with stored JSON as borg does: every part the digest computed must be in the
     * stored digests with the same value; the stored JSON must parse and name XXH64 and a "final" digest.
     */
    public static Verification compare(String storedJson, FileDigest computed) {
        Verification expected = expectation(storedJson);
        if (expected != Verification.VERIFIED) {
            return expected;
        }
        Map<?, ?> digests = (Map<?, ?>) ((Map<?, ?>) Json.parse(storedJson)).get("digests");
        for (Map.Entry<String, String> part : computed.digests().entrySet()) {
            if (!part.getValue().equals(digests.get(part.getKey()))) {
                return Verification.MISMATCH;
            }
        }
        return Verification.VERIFIED;
    }

    /** Whether stored JSON can verify anything: VERIFIED (yes), UNPARSABLE or UNKNOWN_ALGORITHM. */
    public static Verification expectation(String storedJson) {
        if (storedJson == null) {
            return Verification.UNPARSABLE;
        }
        Object parsed;
        try {
            parsed = Json.parse(storedJson);
        } catch (IllegalArgumentException e) {
            return Verification.UNPARSABLE;
        }
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("algorithm")) {
            return Verification.UNPARSABLE;
        }
        Object algorithm = map.get("algorithm");
        if (!FileDigest.ALGORITHM.equals(algorithm)) {
            return Verification.UNKNOWN_ALGORITHM;
        }
        if (!(map.get("digests") instanceof Map<?, ?> digests) || !digests.containsKey(FileDigest.FINAL)) {
            return Verification.UNPARSABLE;
        }
        return Verification.VERIFIED;
    }

    /** How {@code integrity} (may be null = no integrity.N) judges the hints bytes named {@code finalName}. */
    public static Verification judgeHints(IntegrityFile integrity, String finalName, byte[] hintsBytes) {
        if (integrity == null) {
            return Verification.ABSENT;
        }
        if (!integrity.knownVersion()) {
            return Verification.UNKNOWN_VERSION;
        }
        return compare(integrity.hintsJson, digestOf(finalName, hintsBytes));
    }

    /** The digest borg computes over a whole small file (hints.N): name, bytes, part "final". */
    public static FileDigest digestOf(String finalName, byte[] wholeFile) {
        FileDigest digest = new FileDigest(finalName);
        digest.update(wholeFile);
        digest.finish(wholeFile.length);
        return digest;
    }

    /**
     * Verifies {@code indexFile} (its digest computed under {@code finalName}, e.g. "index.7") against
     * {@code integrity} (may be null = no integrity.N). Streams the file once; does not parse buckets.
     */
    public static Verification verifyIndex(Path indexFile, String finalName, IntegrityFile integrity) {
        if (integrity == null) {
            return Verification.ABSENT;
        }
        if (!integrity.knownVersion()) {
            return Verification.UNKNOWN_VERSION;
        }
        Verification expected = expectation(integrity.indexJson);
        if (expected != Verification.VERIFIED) {
            return expected;
        }
        FileDigest digest = new FileDigest(finalName);
        try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long position = 0;
            long headerEnd = Math.min(18, length);
            while (position < length) {
                buf.clear();
                if (position < headerEnd) {
                    buf.limit((int) (headerEnd - position));
                }
                int n = ch.read(buf, position);
                if (n < 0) {
                    break;
                }
                buf.flip();
                digest.update(buf);
                position += n;
                if (position == 18) {
                    digest.part("HashHeader", 18);
                }
            }
            digest.finish(length);
        } catch (NoSuchFileException e) {
            return Verification.MISMATCH;
        } catch (IOException e) {
            throw new FileAccessException(indexFile, "read", e);
        }
        return compare(integrity.indexJson, digest);
    }

    /** Verifies {@code hintsFile} under {@code finalName} against {@code integrity} (may be null). */
    public static Verification verifyHints(Path hintsFile, String finalName, IntegrityFile integrity) {
        if (integrity == null) {
            return Verification.ABSENT;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(hintsFile);
        } catch (NoSuchFileException e) {
            return Verification.MISMATCH;
        } catch (IOException e) {
            throw new FileAccessException(hintsFile, "read", e);
        }
        return judgeHints(integrity, finalName, bytes);
    }
}
