package org.repono.rar;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.repono.api.ObjectId;
import org.repono.api.ObjectTooLargeException;

/**
 * Content whose id (its SHA-256) is known only once all of it was read: small content stays in memory, larger
 * content goes to a temporary file while it is hashed, so a 20 MiB object never sits whole in the heap. The spool
 * is then read again to stage the object.
 */
final class ContentSpool implements AutoCloseable {

    /** borg's MAX_DATA_SIZE: the most one object may hold. */
    static final int MAX_DATA_SIZE = 20971479;
    /** Up to this much is kept in memory; past it the content moves to a file. */
    static final int IN_MEMORY = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    private final ObjectId id;
    private final long length;
    private final byte[] memory;
    private final Path file;

    private ContentSpool(ObjectId id, long length, byte[] memory, Path file) {
        this.id = id;
        this.length = length;
        this.memory = memory;
        this.file = file;
    }

    /** Reads {@code data} to its end (it is not closed). */
    static ContentSpool read(InputStream data, String repository) throws IOException {
        MessageDigest sha256 = sha256();
        // grows as content arrives: small objects cost little
        byte[] buffer = new byte[CHUNK];
        int held = 0;
        for (int n; held < IN_MEMORY; held += n) {
            if (held == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(IN_MEMORY, 2 * buffer.length));
            }
            n = data.read(buffer, held, buffer.length - held);
            if (n < 0) {
                break;
            }
        }
        sha256.update(buffer, 0, held);
        if (held < IN_MEMORY) {
            return new ContentSpool(ObjectId.of(sha256.digest()), held, Arrays.copyOf(buffer, held), null);
        }
        Path file = Files.createTempFile("repono-content-", ".tmp");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer, 0, held);
            long length = held;
            byte[] chunk = new byte[CHUNK];
            for (int n; (n = data.read(chunk)) > 0; ) {
                length += n;
                if (length > MAX_DATA_SIZE) {
                    throw new ObjectTooLargeException("repository '" + repository + "': content of more than "
                            + MAX_DATA_SIZE + " bytes (borg's limit for one object) refused; nothing was stored");
                }
                sha256.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
            return new ContentSpool(ObjectId.of(sha256.digest()), length, null, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    ObjectId id() {
        return id;
    }

    long length() {
        return length;
    }

    InputStream content() throws IOException {
        return file == null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
