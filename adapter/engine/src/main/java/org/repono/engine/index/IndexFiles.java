package org.repono.engine.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.repono.engine.format.DurableFiles;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.FileDigest;
import org.repono.engine.format.FileFormatException;
import org.repono.engine.format.Hints;
import org.repono.engine.format.IntegrityFile;
import org.repono.engine.format.IntegrityFile.Verification;

/**
 * The derived files of a transaction N: {@code index.N}, {@code hints.N}, {@code integrity.N} (and the
 * {@code transactions} log line in append-only mode). Writing follows borg 1.2.4's order and fsyncs
 * (FORMAT §6.5 step 4, durability invariant 3: written under a temp name, fsynced, renamed); reading
 * verifies against integrity.N as borg does, computing the index digest during the one bulk read.
 */
public final class IndexFiles {

    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    /** A loaded index and how integrity.N judged it (VERIFIED, ABSENT, UNKNOWN_VERSION or UNKNOWN_ALGORITHM). */
    public record LoadedIndex(HashIndex index, Verification verification) {
    }

    /** Loaded hints and how integrity.N judged them. */
    public record LoadedHints(Hints hints, Verification verification) {
    }

    private IndexFiles() {
    }

    public static Path indexFile(Path repo, long transactionId) {
        return repo.resolve("index." + transactionId);
    }

    public static Path hintsFile(Path repo, long transactionId) {
        return repo.resolve("hints." + transactionId);
    }

    public static Path integrityFile(Path repo, long transactionId) {
        return repo.resolve("integrity." + transactionId);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** borg's get_index_transaction_id: the highest N of a non-empty {@code index.N} (digits only), or -1. */
    public static long newestIndexTransaction(Path repo) {
        long best = -1;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(repo, "index.*")) {
            for (Path p : dir) {
                String suffix = p.getFileName().toString().substring("index.".length());
                if (suffix.isEmpty() || suffix.length() > 18 || !allDigits(suffix)) {
                    continue;
                }
                long n = Long.parseLong(suffix);
                if (n > best) {
                    try {
                        if (Files.size(p) > 0) {
                            best = n;
                        }
                    } catch (NoSuchFileException gone) {
                        // deleted while listing: not a candidate
                    }
                }
            }
        } catch (IOException e) {
            throw new FileAccessException(repo, "list", e);
        }
        return best;
    }

    // ---- writing -----------------------------------------------------------------------------------

    /** Same as {@link #write(Path, long, HashIndex, Hints, boolean, Instant)} stamped now. */
    public static void write(Path repo, long transactionId, HashIndex index, Hints hints, boolean appendOnly) {
        write(repo, transactionId, index, hints, appendOnly, Instant.now());
    }

    /**
     * Writes the trio for transaction N in borg's order: (append-only: {@code transactions} line), hints.N.tmp +
     * fsync, index.N.tmp + fsync, integrity.N.tmp + fsync, rename integrity, fsync dir, rename hints and index,
     * fsync dir, unlink every other {@code index.*}/{@code hints.*}/{@code integrity.*}.
     */
    public static void write(Path repo, long transactionId, HashIndex index, Hints hints, boolean appendOnly, Instant now) {
        if (transactionId < 0) {
            throw new IllegalArgumentException("transaction id must be ≥ 0, got " + transactionId);
        }
        String n = Long.toString(transactionId);
        if (appendOnly) {
            appendTransactionLine(repo, transactionId, now);
        }
        Path hintsFinal = hintsFile(repo, transactionId);
        Path indexFinal = indexFile(repo, transactionId);
        Path integrityFinal = integrityFile(repo, transactionId);
        Path hintsTmp = repo.resolve(hintsFinal.getFileName() + ".tmp");
        Path indexTmp = repo.resolve(indexFinal.getFileName() + ".tmp");
        Path integrityTmp = repo.resolve(integrityFinal.getFileName() + ".tmp");

        byte[] hintsBytes = hints.encode();
        FileDigest hintsDigest = IntegrityFile.digestOf("hints." + n, hintsBytes);
        writeSynced(hintsTmp, hintsBytes);

        FileDigest indexDigest = new FileDigest("index." + n);
        try (FileChannel ch = DurableFiles.createOrTruncate(indexTmp)) {
            index.write(ch, indexDigest);
            ch.force(true);
        } catch (IOException e) {
            throw new FileAccessException(indexTmp, "write", e);
        }

        writeSynced(integrityTmp, IntegrityFile.of(hintsDigest, indexDigest).encode());

        rename(integrityTmp, integrityFinal);
        DurableFiles.fsyncDirectory(repo);
        rename(hintsTmp, hintsFinal);
        rename(indexTmp, indexFinal);
        DurableFiles.fsyncDirectory(repo);

        String current = "." + n;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(repo)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if ((name.startsWith("index.") || name.startsWith("hints.") || name.startsWith("integrity."))
                        && !name.endsWith(current)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new FileAccessException(repo, "remove old index files in", e);
        }
    }

    /** {@code transaction <N>, UTC time <YYYY-MM-DDTHH:MM:SS.ffffff>\n} appended to {@code transactions}. */
    static void appendTransactionLine(Path repo, long transactionId, Instant now) {
        Path log = repo.resolve("transactions");
        String line = "transaction " + transactionId + ", UTC time " + LOG_TIME.format(now) + "\n";
        try {
            if (!Files.exists(log)) {
                try {
                    Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(log);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // someone else created it: append below
                }
            }
            Files.writeString(log, line, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new FileAccessException(log, "append to", e);
        }
    }

    private static void writeSynced(Path file, byte[] bytes) {
        try (FileChannel ch = DurableFiles.createOrTruncate(file)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new FileAccessException(file, "write", e);
        }
    }

    private static void rename(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new FileAccessException(from, "rename to " + to.getFileName(), e);
        }
    }

    // ---- reading -----------------------------------------------------------------------------------

    /**
     * Loads {@code index.N}, verified against {@code integrity.N} while it is read (borg's open_index).
     *
     * @throws IndexFileException MISSING, CORRUPT (structure), or INTEGRITY_MISMATCH (digest differs, or
     *                            integrity.N cannot be decoded / lacks the index entry)
     */
    public static LoadedIndex readIndex(Path repo, long transactionId) {
        Path file = indexFile(repo, transactionId);
        IntegrityFile integrity = readIntegrity(repo, transactionId);
        Verification expectation = Verification.ABSENT;
        if (integrity != null) {
            expectation = integrity.knownVersion() ? IntegrityFile.expectation(integrity.indexJson())
                    : Verification.UNKNOWN_VERSION;
        }
        if (expectation.failed()) {
            throw new IndexFileException(IndexFileException.Kind.INTEGRITY_MISMATCH, file,
                    "integrity." + transactionId + " holds no usable index digest", null);
        }
        FileDigest digest = expectation == Verification.VERIFIED ? new FileDigest("index." + transactionId) : null;
        HashIndex index;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            index = HashIndex.read(ch, digest, file);
        } catch (NoSuchFileException e) {
            throw new IndexFileException(IndexFileException.Kind.MISSING, file, null, e);
        } catch (FileFormatException e) {
            throw new IndexFileException(IndexFileException.Kind.CORRUPT, file, e.getMessage(), e);
        } catch (IOException e) {
            throw new FileAccessException(file, "read", e);
        }
        if (digest == null) {
            return new LoadedIndex(index, expectation);
        }
        Verification verdict = IntegrityFile.compare(integrity.indexJson(), digest);
        if (verdict.failed()) {
            throw new IndexFileException(IndexFileException.Kind.INTEGRITY_MISMATCH, file,
                    "digests " + digest.digests() + " differ from integrity." + transactionId, null);
        }
        return new LoadedIndex(index, verdict);
    }

    /**
     * Loads {@code hints.N} verified against {@code integrity.N} (borg's prepare_txn); version-1 hints come
     * back with {@link Hints#compactNeedsRebuild()} set.
     *
     * @throws IndexFileException MISSING, CORRUPT or INTEGRITY_MISMATCH
     */
    public static LoadedHints readHints(Path repo, long transactionId) {
        Path file = hintsFile(repo, transactionId);
        IntegrityFile integrity = readIntegrity(repo, transactionId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IndexFileException(IndexFileException.Kind.MISSING, file, null, e);
        } catch (IOException e) {
            throw new FileAccessException(file, "read", e);
        }
        Verification verdict = integrity != null && integrity.knownVersion() && integrity.hintsJson() == null
                ? Verification.UNPARSABLE
                : IntegrityFile.judgeHints(integrity, "hints." + transactionId, bytes);
        if (verdict.failed()) {
            throw new IndexFileException(IndexFileException.Kind.INTEGRITY_MISMATCH, file,
                    "digest differs from integrity." + transactionId + " (" + verdict + ")", null);
        }
        try {
            return new LoadedHints(Hints.decode(bytes, file), verdict);
        } catch (FileFormatException e) {
            throw new IndexFileException(IndexFileException.Kind.CORRUPT, file, e.getMessage(), e);
        }
    }

    /** integrity.N, or null when it does not exist; an undecodable one is an INTEGRITY_MISMATCH. */
    private static IntegrityFile readIntegrity(Path repo, long transactionId) {
        Path file = integrityFile(repo, transactionId);
        try {
            return IntegrityFile.read(file).orElse(null);
        } catch (FileFormatException e) {
            throw new IndexFileException(IndexFileException.Kind.INTEGRITY_MISMATCH, file, e.getMessage(), e);
        }
    }
}
