package org.repono.engine.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.IntegrityException;
import org.repono.engine.ProgressListener;
import org.repono.engine.RepositoryException;
import org.repono.engine.format.DurableFiles;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.Hints;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;

/**
 * {@code borg check --repository-only [--repair]} (FORMAT §6.8) on one repository folder.
 *
 * <p>{@link #check} only reads. {@link #repair} first reads everything exactly as check does (and works out
 * what recovery would keep of each damaged segment), so a cancellation up to then changes nothing; then it
 * writes, and from then on runs to the end: damaged segments are replaced by their survivors (originals kept
 * under {@code repono/evidence/}), uncommitted segments are moved there, a missing commit is added and the
 * index files are written for the new state. Afterwards both this check and borg's find the repository clean.
 */
public final class RepositoryCheck {
    private static final String CHECK = "check";
    private static final String REPAIR = "repair";

    private final Path repoDir;
    private final RepositoryConfig config;
    private final int threads;
    private final SegmentFiles files;

    public RepositoryCheck(Path repoDir, RepositoryConfig config, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.repoDir = repoDir;
        this.config = config;
        this.threads = threads;
        this.files = new SegmentFiles(repoDir, config.segmentsPerDir());
    }

    /**
     * Non-repair check. committedIndex: the index readers use now (null -> load index.N from disk). The caller
     * blocks commits and compaction during the call; readers go on. Reads every segment {@code <= transactionId}
     * with CRC checks (segments in parallel, results merged in segment order), rebuilds the index (§6.2) and
     * compares it with committedIndex and with index.N/hints.N/integrity.N on disk, reporting every problem.
     *
     * @param transactionId the newest committed segment as the caller knows it; -1 = work it out as borg does
     *                      (newest committed segment, else newest index.N, else newest segment)
     */
    public CheckReport check(HashIndex committedIndex, long transactionId, ProgressListener progress,
                             Cancellation cancellation) {
        long started = System.nanoTime();
        ProblemLog log = new ProblemLog();
        long[] all = files.list();
        long tid = transactionId >= 0 ? transactionId : borgTransactionId(all).transactionId;
        if (tid < 0) {
            log.add(ProblemKind.NO_DATA, -1, -1, "This repository contains no valid data.");
            return report(log, 0, 0, 0, 0, false, false, false, started);
        }
        Pass pass = new Pass(upTo(all, tid), tid, false);
        boolean finished = pass.run(log, progress, cancellation, CHECK);
        if (!finished) {
            return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, 0, false, false, true, started);
        }
        DerivedFiles disk = DerivedFiles.inspect(repoDir, tid, committedIndex == null, log);
        HashIndex rebuilt = pass.rebuild.index();
        HashIndex committed = committedIndex != null ? committedIndex : disk.transactionId == tid ? disk.index : null;
        String committedName = committedIndex != null ? "committed index" : "index." + tid;
        if (committed != null && !IndexComparison.compare(rebuilt, committed, committedName, true, log, cancellation)) {
            return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, 0, false, false, true, started);
        }
        reportMissingSegments(all, tid, committed, disk, log);
        if (disk.hints != null && disk.transactionId == tid) {
            compareHints(disk.hints, pass, all, log);
        }
        return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, rebuilt.size(), false, false, false,
                started);
    }

    /**
     * Repair (caller holds the exclusive lock, no transaction open, reloads its state afterwards). Refused in
     * append-only mode. See the class comment for what it does.
     *
     * @throws AppendOnlyException      append-only repository (nothing is changed)
     * @throws IntegrityException       a segment cannot be read at all (nothing is changed)
     */
    public CheckReport repair(ProgressListener progress, Cancellation cancellation) {
        if (config.appendOnly()) {
            throw new AppendOnlyException(repoDir, "check --repair refused: the repository is in append-only mode");
        }
        long started = System.nanoTime();
        ProblemLog log = new ProblemLog();
        long[] all = files.list();
        TransactionIds ids = borgTransactionId(all);
        long tid = ids.transactionId;
        if (tid < 0) {
            log.add(ProblemKind.NO_DATA, -1, -1, "This repository contains no valid data.");
            return report(log, 0, 0, 0, 0, true, false, false, started);
        }
        // phase 1: read only
        Pass pass = new Pass(upTo(all, tid), tid, true);
        if (!pass.run(log, progress, cancellation, REPAIR)) {
            return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, 0, true, false, true, started);
        }
        for (SegmentReading r : pass.damaged.values()) {
            if (ProblemKind.UNREADABLE.equals(r.errorKind)) {
                throw new IntegrityException(repoDir, "repair stopped before changing anything: " + r.errorMessage);
            }
        }
        long[] uncommitted = above(all, tid);
        if (ids.segmentsTid < 0) {
            log.add(ProblemKind.MISSING_COMMIT, tid, -1, "no committed segment: adding commit tag to segment " + (tid + 1));
        }
        DerivedFiles disk = DerivedFiles.inspect(repoDir, tid, true, log);
        if (disk.index != null && disk.transactionId == tid) {
            IndexComparison.compare(pass.rebuild.index(), disk.index, "index." + tid, false, log, Cancellation.NEVER);
        }
        reportMissingSegments(all, tid, disk.transactionId == tid ? disk.index : null, disk, log);
        if (disk.hints != null && disk.transactionId == tid) {
            compareHints(disk.hints, pass, all, log);
        }
        for (long s : uncommitted) {
            log.add(ProblemKind.UNCOMMITTED_SEGMENT, s, -1, "segment " + s + " lies after the last commit (" + tid
                    + "): moved to " + Evidence.DIR);
        }
        long objects = pass.rebuild.index().size();
        if (log.isEmpty()) {
            return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, objects, true, true, false, started);
        }
        if (cancellation.isCancelled()) {
            return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, 0, true, false, true, started);
        }
        // phase 2: writes, run to the end so that the repository is consistent again
        try {
            Evidence evidence = new Evidence(repoDir, Instant.now());
            for (int i = uncommitted.length - 1; i >= 0; i--) {
                evidence.move(files.pathOf(uncommitted[i]), uncommitted[i]);
            }
            if (!pass.damaged.isEmpty()) {
                // recovery moves entries: an index.N left behind by a crash from here on must not be trusted
                dropDerivedFiles();
            }
            for (SegmentReading r : pass.damaged.values()) {
                SegmentReplacement.replace(files.pathOf(r.segment), r.segment, r.survivors, evidence);
            }
            long newTid = tid;
            if (ids.segmentsTid < 0) {
                newTid = tid + 1;
                SegmentReplacement.writeCommitSegment(files.pathOf(newTid));
                pass.addCommitSegment(newTid);
            }
            IndexFiles.write(repoDir, newTid, pass.rebuild.index(), pass.hints(), false);
            dropPartialCheckMark();
        } catch (IOException e) {
            throw new RepositoryException(repoDir, "repair failed while writing: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new RepositoryException(repoDir, "repair failed while writing: " + e.getMessage(), e);
        }
        progress.progress(REPAIR, 1.0, pass.bytesRead, pass.bytesTotal);
        return report(log, pass.segmentsRead, pass.entriesRead, pass.bytesRead, objects, true, true, false, started);
    }

    /**
     * Removes every index.*, hints.* and integrity.* (derived data, durability invariant 3): index first, as
     * its presence is what makes borg and the engine trust the others; opening then replays from the segments.
     */
    private void dropDerivedFiles() throws IOException {
        for (String prefix : new String[] {"index.", "hints.", "integrity."}) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(repoDir, prefix + "*")) {
                for (Path p : dir) {
                    Files.deleteIfExists(p);
                }
            }
        }
        DurableFiles.fsyncDirectory(repoDir);
    }

    /** A full check forgets a partial check's progress (borg removes last_segment_checked). */
    private void dropPartialCheckMark() {
        RepositoryConfig onDisk = RepositoryConfig.read(repoDir.resolve("config"));
        if (onDisk.lastSegmentChecked().isPresent()) {
            onDisk.setLastSegmentChecked(null);
            onDisk.write(repoDir);
        }
    }

    // ---- the reading pass ----------------------------------------------------------------------------

    /** Reads the segments up to the transaction and replays them into a fresh index. */
    private final class Pass {
        final long[] segments;
        final long transactionId;
        final boolean repair;
        final IndexRebuild rebuild;
        final long[] fileSizes;
        /** Damaged segments in ascending order (repair: with their survivors). */
        final TreeMap<Long, SegmentReading> damaged = new TreeMap<>();
        final long bytesTotal;
        long segmentsRead;
        long entriesRead;
        long bytesRead;
        private long extraSegment = -1;

        Pass(long[] segments, long transactionId, boolean repair) {
            this.segments = segments;
            this.transactionId = transactionId;
            this.repair = repair;
            this.fileSizes = new long[segments.length];
            long total = 0;
            for (int i = 0; i < segments.length; i++) {
                fileSizes[i] = Math.max(0, files.size(segments[i]));
                total += fileSizes[i];
            }
            this.bytesTotal = total;
            this.rebuild = new IndexRebuild(segments, this::entrySize);
        }

        private final Map<Long, SegmentReading> recovered = new HashMap<>();
        private SegmentChannels channels;

        /** False when cancelled. */
        boolean run(ProblemLog log, ProgressListener progress, Cancellation cancellation, String phase) {
            boolean tidSeen = false;
            channels = new SegmentChannels(files, 16);
            try (ParallelSegmentReads reads = new ParallelSegmentReads(files, segments, threads, repair, cancellation)) {
                Runnable tick = () -> progress.progress(phase, fraction(reads.bytesRead()), reads.bytesRead(), bytesTotal);
                for (int i = 0; i < segments.length; i++) {
                    if (cancellation.isCancelled()) {
                        return false;
                    }
                    SegmentReading r = reads.next(tick);
                    if (r == null || r.cancelled) {
                        return false;
                    }
                    segmentsRead++;
                    entriesRead += r.verified;
                    bytesRead = reads.bytesRead();
                    if (r.damaged()) {
                        log.add(r.errorKind, r.segment, r.errorOffset, describe(r));
                        damaged.put(r.segment, r);
                        if (r.survivors != null) {
                            recovered.put(r.segment, r);
                        }
                    }
                    if (r.segment == transactionId) {
                        tidSeen = true;
                        if (!r.damaged() && !committed(r)) {
                            log.add(ProblemKind.MISSING_COMMIT, r.segment, r.fileSize, "segment " + r.segment
                                    + " of the last transaction does not end with a commit");
                        }
                    }
                    long size = r.survivors != null ? r.survivors.newSize : Math.max(0, r.fileSize);
                    rebuild.replay(r, size);
                    tick.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                channels.close();
            }
            if (!tidSeen && !repair) {
                log.add(ProblemKind.MISSING_COMMIT, transactionId, -1, "segment " + transactionId
                        + " of the last transaction does not exist");
            }
            return true;
        }

        private double fraction(long done) {
            return bytesTotal == 0 ? 1.0 : Math.min(1.0, (double) done / bytesTotal);
        }

        private int entrySize(long segment, long offset, byte[] key) {
            SegmentReading r = recovered.get(segment);
            if (r != null) {
                return Math.max(0, r.sizeAt(offset));
            }
            try (SegmentChannels.Handle h = channels.acquire(segment)) {
                return SegmentScanner.readPutSize(h.channel(), offset, key, segment);
            } catch (IOException | RuntimeException e) {
                // only a freeable-bytes estimate depends on it
                return 0;
            }
        }

        void addCommitSegment(long segment) {
            extraSegment = segment;
        }

        /** hints.N for the rebuilt state: every replayed segment with its count; no shadow index (as borg's repair). */
        Hints hints() {
            Hints hints = new Hints();
            for (long s : rebuild.replayedSegments()) {
                int refcount = rebuild.refcount(s);
                long freeable = rebuild.compact(s);
                hints.segments.put((int) s, refcount);
                if (freeable > 0 || refcount == 0) {
                    hints.compact.put((int) s, freeable);
                }
            }
            if (extraSegment >= 0) {
                hints.segments.put((int) extraSegment, 0);
                hints.compact.put((int) extraSegment, (long) SegmentEntry.HEADER_SIZE);
            }
            hints.storageQuotaUse = rebuild.quotaUse();
            return hints;
        }
    }

    private static boolean committed(SegmentReading r) {
        int n = r.count;
        if (n == 0 || r.tags[n - 1] != SegmentEntry.TAG_COMMIT || r.sizes[n - 1] != SegmentEntry.HEADER_SIZE
                || r.offset(n - 1) != r.fileSize - SegmentEntry.HEADER_SIZE) {
            return false;
        }
        boolean seenCommit = false;
        for (int i = 0; i < n; i++) {
            if (r.tags[i] == SegmentEntry.TAG_COMMIT) {
                seenCommit = true;
            } else if (seenCommit) {
                return false;
            }
        }
        return true;
    }

    private static String describe(SegmentReading r) {
        String text = r.errorMessage;
        if (r.survivors != null) {
            text += "; recovery keeps " + r.survivors.count + " entries (" + r.survivors.newSize + " of " + r.fileSize
                    + " bytes)";
            if (r.survivors.unreadable > 0) {
                text += " and drops " + r.survivors.unreadable + " CRC-valid entries borg could not read";
            }
        }
        return text;
    }

    // ---- comparisons ---------------------------------------------------------------------------------

    /** Segments the hints or an index know of that are not on disk. */
    private void reportMissingSegments(long[] all, long tid, HashIndex index, DerivedFiles disk, ProblemLog log) {
        TreeMap<Long, String> missing = new TreeMap<>();
        if (disk.hints != null && disk.transactionId == tid) {
            // older hints may list segments a later compaction removed legitimately
            for (Integer s : disk.hints.segments.keySet()) {
                if (s <= tid && Arrays.binarySearch(all, s) < 0) {
                    missing.put((long) s, "hints." + disk.transactionId + " lists it");
                }
            }
        }
        if (index != null) {
            for (int b = index.nextBucket(0); b >= 0; b = index.nextBucket(b + 1)) {
                long s = Integer.toUnsignedLong(HashIndex.segment(index.valueAt(b)));
                if (Arrays.binarySearch(all, s) < 0) {
                    missing.merge(s, "the index points into it", (a, b2) -> a.contains("index") ? a : a + " and the index points into it");
                }
            }
        }
        for (Map.Entry<Long, String> e : missing.entrySet()) {
            log.add(ProblemKind.SEGMENT_MISSING, e.getKey(), -1, "segment " + e.getKey() + " is missing ("
                    + e.getValue() + ")");
        }
    }

    /** hints.N against the rebuild: reference counts, compaction reachability, quota use. */
    private void compareHints(Hints hints, Pass pass, long[] all, ProblemLog log) {
        String name = "hints." + pass.transactionId;
        for (long s : pass.rebuild.replayedSegments()) {
            if (pass.damaged.containsKey(s)) {
                continue; // reported as damaged; its entries were not counted
            }
            Integer hinted = hints.segments.get((int) s);
            int rebuilt = pass.rebuild.refcount(s);
            if ((hinted == null ? 0 : hinted) != rebuilt) {
                log.add(ProblemKind.HINTS_MISMATCH, s, -1, name + " says segment " + s + " holds "
                        + (hinted == null ? "no entry" : hinted + " live objects") + ", the segments say " + rebuilt);
            }
            Long freeable = hints.compact.get((int) s);
            long fileSize = Math.max(0, files.size(s));
            if (rebuilt == 0 && fileSize > SegmentEntry.MAGIC_SIZE && (freeable == null || freeable <= 0)) {
                log.add(ProblemKind.HINTS_MISMATCH, s, -1, name + " says nothing is freeable in segment " + s
                        + ", which holds no live object (compaction would never reclaim it)");
            }
        }
        if (pass.damaged.isEmpty() && !hints.compactNeedsRebuild() && hints.storageQuotaUse != pass.rebuild.quotaUse()) {
            log.add(ProblemKind.HINTS_MISMATCH, -1, -1, name + " says storage_quota_use is " + hints.storageQuotaUse
                    + ", the PUTs in the segments add up to " + pass.rebuild.quotaUse());
        }
    }

    // ---- transaction ids -----------------------------------------------------------------------------

    private record TransactionIds(long transactionId, long segmentsTid) {
    }

    /** borg's choice in check: newest committed segment, else newest index.N, else newest segment (-1: none). */
    private TransactionIds borgTransactionId(long[] all) {
        long segmentsTid = -1;
        for (int i = all.length - 1; i >= 0 && segmentsTid < 0; i--) {
            try {
                if (SegmentScanner.isCommitted(files.pathOf(all[i]))) {
                    segmentsTid = all[i];
                }
            } catch (UncheckedIOException e) {
                // unreadable: not committed
            }
        }
        if (segmentsTid >= 0) {
            return new TransactionIds(segmentsTid, segmentsTid);
        }
        long indexTid;
        try {
            indexTid = IndexFiles.newestIndexTransaction(repoDir);
        } catch (FileAccessException e) {
            indexTid = -1;
        }
        if (indexTid >= 0) {
            return new TransactionIds(indexTid, -1);
        }
        return new TransactionIds(all.length == 0 ? -1 : all[all.length - 1], -1);
    }

    private static long[] upTo(long[] all, long tid) {
        int n = 0;
        while (n < all.length && all[n] <= tid) {
            n++;
        }
        return Arrays.copyOf(all, n);
    }

    private static long[] above(long[] all, long tid) {
        int n = 0;
        while (n < all.length && all[n] <= tid) {
            n++;
        }
        return Arrays.copyOfRange(all, n, all.length);
    }

    private static CheckReport report(ProblemLog log, long segments, long entries, long bytes, long objects,
                                      boolean repair, boolean repaired, boolean cancelled, long startedNanos) {
        return new CheckReport(log.list(repair && repaired), segments, entries, bytes, objects, repair, repaired,
                cancelled, Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
