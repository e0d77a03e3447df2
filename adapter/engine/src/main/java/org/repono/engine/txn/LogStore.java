package org.repono.engine.txn;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.CompactionReport;
import org.repono.engine.HeuristicDecision;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.PreparedBranch;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.RepositoryStats;
import org.repono.engine.SegmentUsage;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.lock.RepositoryLock;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.maintenance.RepositoryCheck;

/**
 * The engine's {@link Repository}: a borg 1.2.4 repository opened by this process. Committed reads
 * ({@link CommittedReads}) are positional reads under a read lock; transactions ({@link StagedTransaction}) stage
 * privately and commit through the commit queue ({@link GroupCommitter}), whose one writer ({@link CommitLog})
 * groups every waiting transaction into a single log commit; the index is checkpointed on close and every
 * {@link #DEFAULT_CHECKPOINT_BYTES} or so of log, never at each commit. See the package documentation for the
 * durability invariants.
 */
public final class LogStore implements Repository {
    private static final System.Logger LOG = System.getLogger(LogStore.class.getName());

    /**
     * Default memory a transaction stages before spilling to a file: 8 MiB keeps 32 concurrent transactions
     * under 256 MiB of heap while small transactions never touch the disk before commit.
     */
    public static final long DEFAULT_SPILL_BYTES = 8L << 20;
    /**
     * Default log bytes between index checkpoints. 64 MiB bounds the replay a reopen (or borg) has to do to well
     * under a second, while an index write (40 bytes per bucket) is amortised over at least that much log; for
     * large indexes the threshold grows to twice the index file size so that index writes never exceed half of
     * the log writes.
     */
    public static final long DEFAULT_CHECKPOINT_BYTES = 64L << 20;
    /** Staging memory is one array: keep it well below 2 GiB. */
    static final long MAX_SPILL_BYTES = 1L << 30;
    /** borg keeps up to 90 segment files open for reading. */
    static final int READ_CHANNELS = 90;

    private final Path path;
    private volatile RepositoryConfig config;
    private final boolean appendOnly;
    private final long storageQuota;
    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final CommittedState state = new CommittedState();
    private final RepositoryLock lock;
    private final StateLoader loader;
    private final CommittedReads reads;
    private final CommitLog log;
    private final PreparedBranches prepared;
    private final HeuristicDecisions decisions;
    private final AtomicInteger openTransactions = new AtomicInteger();
    private final Path spillDir;
    private final long spillBytes;
    private GroupCommitter committer;
    private volatile boolean closed;

    private LogStore(Path path, RepositoryOptions options, RepositoryConfig config, RepositoryLock lock) {
        this.path = path;
        this.config = config;
        this.lock = lock;
        this.appendOnly = options.appendOnly() || config.appendOnly();
        this.storageQuota = config.storageQuota();
        this.files = new SegmentFiles(path, config.segmentsPerDir());
        this.channels = new SegmentChannels(files, READ_CHANNELS);
        this.loader = new StateLoader(path, files, channels);
        this.reads = new CommittedReads(path, state, channels);
        this.log = new CommitLog(path, options, config, appendOnly, lock, files, channels, state, loader);
        Path preparedDir = path.resolve("repono").resolve("prepared");
        this.prepared = new PreparedBranches(path, new PreparedFiles(preparedDir));
        this.decisions = new HeuristicDecisions(path, preparedDir);
        this.spillDir = path.resolve("repono").resolve("tmp");
        this.spillBytes = options.spillBytes() > 0 ? Math.min(options.spillBytes(), MAX_SPILL_BYTES) : DEFAULT_SPILL_BYTES;
    }

    // ---- creating, opening, destroying ---------------------------------------------------------------

    /** borg init (README, config with all 1.2.4 keys and a random id, data/), then open and the empty first commit. */
    public static LogStore create(Path repository, RepositoryOptions options, ProgressListener progress) {
        RepositoryOptions o = options == null ? RepositoryOptions.defaults() : options;
        Path path = repository.toAbsolutePath().normalize();
        RepositoryLayout.requireCreatable(path, o);
        boolean createdDir = false;
        LogStore store = null;
        try {
            createdDir = RepositoryLayout.createFiles(path, o);
            store = open(path, o.withExclusive(true), progress);
            store.log.writeFirstCommit();
            return store;
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            try {
                if (createdDir) {
                    RepositoryLayout.deleteTree(path);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new RepositoryException(path, "cannot create the repository: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing repository: lock, config, transaction ids, index/hints (integrity-checked; rebuilt by
     * replay when damaged), cleanup of uncommitted segments (with the exclusive lock), replay of the segments
     * after the last index checkpoint, and the scan of prepared branches - all before returning.
     */
    public static LogStore open(Path repository, RepositoryOptions options, ProgressListener progress) {
        RepositoryOptions o = options == null ? RepositoryOptions.defaults() : options;
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        Path path = repository.toAbsolutePath().normalize();
        RepositoryLayout.requireOpenable(path);
        RepositoryLock lock = RepositoryLock.acquire(path, o.exclusive(), o.lockWait(), o.lockHostId());
        LogStore store = null;
        try {
            RepositoryConfig config = RepositoryLayout.readConfig(path);
            store = new LogStore(path, o, config, lock);
            store.load(p);
            store.committer = new GroupCommitter("repono-commit " + path, store.log::writeBatch);
            if (lock.isExclusive()) {
                store.carryOutRecordedDecisions();
            }
            return store;
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.channels.close();
            }
            lock.close();
            throw e;
        }
    }

    private void load(ProgressListener progress) {
        boolean exclusive = lock.isExclusive();
        log.loaded(loader.load(state, exclusive, progress));
        prepared.load(files, channels, state, exclusive);
        decisions.load(exclusive);
    }

    /** borg destroy: refused in append-only mode; takes the exclusive lock, then removes config first, then all. */
    public static void destroy(Path repository, RepositoryOptions options) {
        RepositoryOptions o = options == null ? RepositoryOptions.defaults() : options;
        Path path = repository.toAbsolutePath().normalize();
        RepositoryLayout.requireOpenable(path);
        RepositoryLock lock = RepositoryLock.acquire(path, true, o.lockWait(), o.lockHostId());
        try {
            RepositoryConfig config = RepositoryLayout.readConfig(path);
            if (o.appendOnly() || config.appendOnly()) {
                throw new AppendOnlyException(path, path + " is in append-only mode: destroy is refused");
            }
        } finally {
            lock.close();
        }
        try {
            RepositoryLayout.deleteTree(path);
        } catch (IOException e) {
            throw new RepositoryException(path, "cannot destroy the repository: " + e, e);
        }
    }

    // ---- committed reads -----------------------------------------------------------------------------

    @Override
    public Path path() {
        return path;
    }

    @Override
    public byte[] get(byte[] id) {
        requireOpen();
        return reads.get(id);
    }

    @Override
    public InputStream openStream(byte[] id) {
        requireOpen();
        return reads.openStream(id);
    }

    @Override
    public List<byte[]> getMany(List<byte[]> ids) {
        requireOpen();
        List<byte[]> out = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            out.add(reads.get(id));
        }
        return out;
    }

    @Override
    public boolean contains(byte[] id) {
        requireOpen();
        return reads.contains(id);
    }

    @Override
    public Optional<Long> objectSize(byte[] id) {
        requireOpen();
        return reads.objectSize(id);
    }

    @Override
    public long size() {
        requireOpen();
        return reads.size();
    }

    @Override
    public List<byte[]> list(int limit, byte[] marker) {
        requireOpen();
        return reads.list(limit, marker);
    }

    /** {@link #size()} as a transaction with these staged changes sees it ({@link OwnWrites}). */
    long sizeSeenBy(Staging staging) {
        requireOpen();
        return OwnWrites.size(state, staging);
    }

    /** {@link #list} as a transaction with these staged changes sees it ({@link OwnWrites}). */
    List<byte[]> listSeenBy(Staging staging, int limit, byte[] marker) {
        requireOpen();
        return OwnWrites.list(path, state, staging, limit, marker);
    }

    long storageQuota() {
        return storageQuota;
    }

    long storageQuotaUse() {
        return reads.storageQuotaUse();
    }

    /** The system property that sets how many threads check reads and verifies segments with (the CLI's --threads). */
    public static final String CHECK_THREADS_PROPERTY = "repono.check.threads";

    /** Threads for check: {@value #CHECK_THREADS_PROPERTY} when it is a number from 1 to 1024, else one per processor. */
    static int checkThreads() {
        String value = System.getProperty(CHECK_THREADS_PROPERTY);
        if (value != null) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 1 && n <= 1024) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: the default below, as for any other value out of range
            }
            LOG.log(Level.WARNING, "ignoring {0}={1}: not a thread count from 1 to 1024", CHECK_THREADS_PROPERTY, value);
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    // ---- transactions --------------------------------------------------------------------------------

    @Override
    public Transaction begin() {
        requireOpen();
        openTransactions.incrementAndGet();
        return new StagedTransaction(this, new Staging(spillDir, spillBytes, config.maxSegmentSize()));
    }

    void transactionEnded() {
        openTransactions.decrementAndGet();
    }

    /** Transactions begun and not yet committed or rolled back. */
    public int openTransactions() {
        return openTransactions.get();
    }

    /** Enqueues a commit and waits until it is durable and visible (or failed). Returns the transaction id. */
    long commit(Staging staging, byte[] marker, Path preparedFile) {
        requireOpen();
        try {
            // a large transaction's segment files are made durable here, by its own thread, not by the log writer
            staging.seal();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw new InsufficientFreeSpaceException(path, "No space left on device while writing the transaction's"
                        + " segment files; nothing was committed", e);
            }
            throw new RepositoryException(path, "cannot write the transaction's segment files, nothing was committed: "
                    + e.getMessage(), e);
        }
        CommitRequest request = new CommitRequest(staging, marker, preparedFile);
        try {
            committer.submit(request);
        } catch (IllegalStateException e) {
            throw new TransactionStateException(path, "cannot commit: the repository is closed");
        }
        try {
            return request.done().get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            // the commit goes on regardless; its outcome is what the log says, so wait for it
            Thread.currentThread().interrupt();
            try {
                return request.done().join();
            } catch (CompletionException ce) {
                throw rethrow(ce.getCause());
            }
        }
    }

    private RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new RepositoryException(path, "commit failed: " + cause, cause);
    }

    // ---- prepared branches ---------------------------------------------------------------------------

    PreparedFiles.Prepared prepare(StagedTransaction txn, byte[] xid) {
        requireOpen();
        long base;
        state.lock.readLock().lock();
        try {
            base = state.transactionId;
        } finally {
            state.lock.readLock().unlock();
        }
        return prepared.prepare(txn, xid, base);
    }

    @Override
    public List<PreparedBranch> preparedBranches() {
        requireOpen();
        return prepared.list();
    }

    @Override
    public void commitPrepared(byte[] xid) {
        requireOpen();
        PreparedBranches.Slot slot = prepared.claim(xid);
        if (slot != null) {
            requireNoOtherDecision(slot, true);
            commitClaimed(slot);
        }
    }

    @Override
    public void rollbackPrepared(byte[] xid) {
        requireOpen();
        PreparedBranches.Slot slot = prepared.claim(xid);
        if (slot != null) {
            requireNoOtherDecision(slot, false);
            rollbackClaimed(slot);
        }
    }

    /** The owner's decision must not contradict an operator's recorded one (the owner asks {@link #decision} first). */
    private void requireNoOtherDecision(PreparedBranches.Slot slot, boolean commit) {
        Optional<HeuristicDecision> recorded = decisions.get(slot.file.xid());
        if (recorded.isPresent() && recorded.get().committed() != commit) {
            prepared.release(slot);
            throw new TransactionStateException(path, "branch " + slot.file.xidHex() + " was decided by an operator: "
                    + (recorded.get().committed() ? "commit" : "rollback"));
        }
    }

    private void commitClaimed(PreparedBranches.Slot slot) {
        Staging fromFile = null;
        try {
            Staging entries = slot.owner != null ? slot.owner.staging() : (fromFile = prepared.entriesOf(slot));
            commit(entries, Ids.markerKey(slot.file.xid()), slot.file.file());
        } catch (RuntimeException e) {
            prepared.release(slot);
            throw e;
        } finally {
            if (fromFile != null) {
                fromFile.close();
            }
        }
        prepared.decided(slot);
        if (slot.owner != null) {
            slot.owner.decided(true);
        }
    }

    private void rollbackClaimed(PreparedBranches.Slot slot) {
        try {
            prepared.deleteFile(slot);
        } catch (RuntimeException e) {
            prepared.release(slot);
            throw e;
        }
        prepared.decided(slot);
        if (slot.owner != null) {
            slot.owner.decided(false);
        }
    }

    @Override
    public boolean decidePrepared(byte[] xid, boolean commit) {
        requireOpen();
        PreparedBranches.Slot slot = prepared.claim(xid);
        if (slot == null) {
            return false;
        }
        try {
            requireNoOtherDecision(slot, commit);
            if (decisions.get(xid).isEmpty()) {
                decisions.record(xid, commit); // remembered before it is carried out
            }
        } catch (RuntimeException e) {
            prepared.release(slot);
            throw e;
        }
        if (commit) {
            commitClaimed(slot);
        } else {
            rollbackClaimed(slot);
        }
        return true;
    }

    @Override
    public Optional<HeuristicDecision> decision(byte[] xid) {
        requireOpen();
        Optional<HeuristicDecision> recorded = xid == null ? Optional.empty() : decisions.get(xid);
        if (recorded.isPresent()) {
            PreparedBranches.Slot slot = prepared.claim(xid);
            if (slot != null) { // recorded, not yet carried out
                if (recorded.get().committed()) {
                    commitClaimed(slot);
                } else {
                    rollbackClaimed(slot);
                }
            }
        }
        return recorded;
    }

    @Override
    public List<HeuristicDecision> decisions() {
        requireOpen();
        return decisions.list();
    }

    @Override
    public boolean forgetDecision(byte[] xid) {
        requireOpen();
        if (decision(xid).isEmpty()) {
            return false;
        }
        return decisions.forget(xid);
    }

    /** At open: decisions recorded but not carried out before the process stopped are carried out now. */
    private void carryOutRecordedDecisions() {
        for (HeuristicDecision d : decisions.list()) {
            try {
                decision(d.xid());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the recorded decision on prepared branch {0} ({1}) could not be carried out"
                        + " yet: {2}", java.util.HexFormat.of().formatHex(d.xid()), d.committed() ? "commit" : "rollback",
                        e.toString());
            }
        }
    }

    // ---- maintenance ---------------------------------------------------------------------------------

    @Override
    public CheckReport check(boolean repair, ProgressListener progress, Cancellation cancellation) {
        requireOpen();
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        RepositoryCheck check = new RepositoryCheck(path, config, checkThreads());
        if (!repair) {
            // commits and compaction wait; readers go on
            return log.exclusively(() -> check.check(state.index, state.transactionId, p, c));
        }
        if (appendOnly) {
            throw new AppendOnlyException(path, path + " is in append-only mode: repair is refused");
        }
        return log.exclusively(() -> {
            int open = openTransactions.get();
            if (open > 0) {
                throw new TransactionStateException(path, "repair needs the repository to itself: " + open
                        + " transactions open");
            }
            log.ensureWritable();
            log.releaseFiles();
            CheckReport report = check.repair(p, c);
            reload(p);
            return report;
        });
    }

    /** Reloads the committed state from disk as at open (after repair rewrote it); readers wait meanwhile. */
    private void reload(ProgressListener progress) {
        channels.evictAll();
        state.lock.writeLock().lock();
        try {
            load(progress);
        } finally {
            state.lock.writeLock().unlock();
        }
    }

    @Override
    public CompactionReport compact(double threshold, ProgressListener progress, Cancellation cancellation) {
        requireOpen();
        if (appendOnly) {
            throw new AppendOnlyException(path, path + " is in append-only mode: compaction is refused");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        return log.compact(threshold, progress == null ? ProgressListener.NONE : progress,
                cancellation == null ? Cancellation.NEVER : cancellation);
    }

    @Override
    public void checkpoint() {
        requireOpen();
        log.checkpoint();
    }

    @Override
    public RepositoryStats stats() {
        requireOpen();
        log.settleFreeableForReaders();
        long objects;
        long freeable = 0;
        long tid;
        long quotaUse;
        state.lock.readLock().lock();
        try {
            objects = state.index.size();
            for (long f : state.hints.compact.values()) {
                freeable += f;
            }
            tid = state.transactionId;
            quotaUse = state.hints.storageQuotaUse;
        } finally {
            state.lock.readLock().unlock();
        }
        long[] segments = files.list();
        long bytes = 0;
        for (long s : segments) {
            bytes += Math.max(0, files.size(s));
        }
        return new RepositoryStats(path, objects, segments.length, bytes, freeable, tid,
                IndexFiles.newestIndexTransaction(path), appendOnly, storageQuota, quotaUse, prepared.count());
    }

    @Override
    public List<SegmentUsage> segmentUsage() {
        requireOpen();
        log.settleFreeableForReaders();
        Map<Integer, Integer> refs;
        Map<Integer, Long> compact;
        state.lock.readLock().lock();
        try {
            refs = new HashMap<>(state.hints.segments);
            compact = new HashMap<>(state.hints.compact);
        } finally {
            state.lock.readLock().unlock();
        }
        List<SegmentUsage> out = new ArrayList<>();
        for (long s : files.list()) {
            int seg = (int) s;
            out.add(new SegmentUsage(s, Math.max(0, files.size(s)), refs.getOrDefault(seg, 0), compact.getOrDefault(seg, 0L)));
        }
        return out;
    }

    @Override
    public boolean isAppendOnly() {
        return appendOnly;
    }

    @Override
    public Optional<String> loadKey() {
        requireOpen();
        return config.key().filter(k -> !k.isBlank()).map(String::strip);
    }

    @Override
    public void saveKey(String key) {
        requireOpen();
        log.exclusively(() -> {
            log.ensureWritable();
            RepositoryConfig fresh = RepositoryLayout.readConfig(path);
            fresh.setKey(key);
            try {
                fresh.write(path);
            } catch (FileAccessException e) {
                throw new RepositoryException(path, "cannot write the config: " + e.getMessage(), e);
            }
            config = fresh;
            return null;
        });
    }

    // ---- figures for tests and the benchmark ----------------------------------------------------------

    /** Log commits written by this session (a group commit or a compaction counts once). */
    public long logCommits() {
        return log.logCommits();
    }

    /** Transactions committed by this session. */
    public long committedTransactions() {
        return log.committedTransactions();
    }

    /** fdatasync + directory fsync calls made on segment files by this session. */
    public long segmentSyncs() {
        return log.syncs();
    }

    // ---- closing -------------------------------------------------------------------------------------

    void requireOpen() {
        if (closed) {
            throw new TransactionStateException(path, "the repository is closed");
        }
    }

    /** Lets queued commits finish, checkpoints the index if the log moved on, releases files and the lock. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (committer != null) {
                committer.close();
            }
            log.close();
        } finally {
            channels.close();
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "LogStore[" + path + "]";
    }
}
