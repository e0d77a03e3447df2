package org.repono.engine.maintenance;

import java.nio.file.Path;
import org.repono.engine.format.FileFormatException;
import org.repono.engine.format.Hints;
import org.repono.engine.format.IntegrityFile;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFileException;
import org.repono.engine.index.IndexFiles;

/**
 * What the repository's derived files (the newest {@code index.N} with its {@code hints.N} and
 * {@code integrity.N}, durability invariant 3) look like: each is read and verified as borg 1.2.4 reads it, and
 * every way it would make borg rebuild, warn or crash is reported.
 */
final class DerivedFiles {
    /** N of the newest index.N, or -1. */
    final long transactionId;
    /** The verified index.N, or null when it is missing or unusable. */
    final HashIndex index;
    /** The verified hints.N, or null when missing or unusable. */
    final Hints hints;

    private DerivedFiles(long transactionId, HashIndex index, Hints hints) {
        this.transactionId = transactionId;
        this.index = index;
        this.hints = hints;
    }

    /**
     * @param committed the newest committed transaction (-1: none)
     * @param loadIndex whether to load index.N (else only its digest is verified)
     */
    static DerivedFiles inspect(Path repo, long committed, boolean loadIndex, ProblemLog log) {
        long n = IndexFiles.newestIndexTransaction(repo);
        if (n < 0) {
            if (committed >= 0) {
                log.add(ProblemKind.INDEX_MISSING, -1, -1, "no index." + committed + " (nor any other index file) "
                        + "although transaction " + committed + " is committed");
            }
            return new DerivedFiles(-1, null, null);
        }
        if (n > committed) {
            log.add(ProblemKind.INDEX_AHEAD, n, -1, "index." + n + " belongs to a transaction newer than the last "
                    + "commit (" + (committed < 0 ? "none" : "segment " + committed) + ")");
        }
        boolean integrityUsable = inspectIntegrity(repo, n, log);
        HashIndex index = null;
        if (loadIndex) {
            index = loadIndex(repo, n, integrityUsable, log);
        } else if (integrityUsable) {
            verifyIndexDigest(repo, n, log);
        }
        Hints hints = loadHints(repo, n, integrityUsable, log);
        return new DerivedFiles(n, index, hints);
    }

    /** Reports a missing, undecodable or incomplete integrity.N; true when it can verify the other two. */
    private static boolean inspectIntegrity(Path repo, long n, ProblemLog log) {
        Path file = IndexFiles.integrityFile(repo, n);
        IntegrityFile integrity;
        try {
            integrity = IntegrityFile.read(file).orElse(null);
        } catch (FileFormatException e) {
            log.add(ProblemKind.INTEGRITY_CORRUPT, -1, -1, "integrity." + n + " cannot be decoded: " + e.getMessage());
            return false;
        }
        if (integrity == null) {
            log.add(ProblemKind.INTEGRITY_MISSING, -1, -1, "integrity." + n + " is missing: index." + n + " and hints."
                    + n + " cannot be verified");
            return false;
        }
        if (!integrity.knownVersion()) {
            log.add(ProblemKind.INTEGRITY_CORRUPT, -1, -1, "integrity." + n + " has version " + integrity.version()
                    + " (borg only verifies version 2)");
            return false;
        }
        if (integrity.hintsJson() == null || integrity.indexJson() == null) {
            log.add(ProblemKind.INTEGRITY_CORRUPT, -1, -1, "integrity." + n + " lacks the "
                    + (integrity.hintsJson() == null ? "hints" : "index") + " entry (borg crashes on it)");
            return false;
        }
        for (String json : new String[] {integrity.hintsJson(), integrity.indexJson()}) {
            IntegrityFile.Verification expectation = IntegrityFile.expectation(json);
            if (expectation != IntegrityFile.Verification.VERIFIED) {
                log.add(ProblemKind.INTEGRITY_CORRUPT, -1, -1, "integrity." + n + " holds unusable digest data ("
                        + expectation + "): " + json);
                return false;
            }
        }
        return true;
    }

    private static HashIndex loadIndex(Path repo, long n, boolean integrityUsable, ProblemLog log) {
        try {
            return IndexFiles.readIndex(repo, n).index();
        } catch (IndexFileException e) {
            report(e, "index." + n, ProblemKind.INDEX_MISSING, ProblemKind.INDEX_CORRUPT, integrityUsable, log);
            return null;
        }
    }

    private static void verifyIndexDigest(Path repo, long n, ProblemLog log) {
        IntegrityFile integrity = IntegrityFile.read(IndexFiles.integrityFile(repo, n)).orElse(null);
        IntegrityFile.Verification verdict = IntegrityFile.verifyIndex(IndexFiles.indexFile(repo, n), "index." + n, integrity);
        if (verdict.failed()) {
            log.add(ProblemKind.INTEGRITY_MISMATCH, -1, -1, "index." + n + " does not match its digest in integrity." + n);
        }
    }

    private static Hints loadHints(Path repo, long n, boolean integrityUsable, ProblemLog log) {
        try {
            return IndexFiles.readHints(repo, n).hints();
        } catch (IndexFileException e) {
            report(e, "hints." + n, ProblemKind.HINTS_MISSING, ProblemKind.HINTS_CORRUPT, integrityUsable, log);
            return null;
        }
    }

    private static void report(IndexFileException e, String name, String missingKind, String corruptKind,
                               boolean integrityUsable, ProblemLog log) {
        switch (e.kind()) {
            case MISSING -> log.add(missingKind, -1, -1, name + " is missing");
            case CORRUPT -> log.add(corruptKind, -1, -1, name + " is corrupt: " + e.getMessage());
            case INTEGRITY_MISMATCH -> {
                if (integrityUsable) {
                    // an unusable integrity.N was reported once already
                    log.add(ProblemKind.INTEGRITY_MISMATCH, -1, -1, name + " does not match its digest: " + e.getMessage());
                }
            }
        }
    }
}
