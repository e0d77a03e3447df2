package org.repono.engine.txn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckNeededException;
import org.repono.engine.CheckReport;
import org.repono.engine.CompactionReport;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.IntegrityException;
import org.repono.engine.InvalidRepositoryException;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.PreparedBranch;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.RepositoryStats;
import org.repono.engine.SegmentUsage;
import org.repono.engine.StorageQuotaExceededException;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFileException;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.lock.RepositoryLock;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.log.SegmentWriter;
import org.repono.engine.maintenance.RepositoryCheck;

/**
 * The engine's {@link Repository}: a borg 1.2.4 repository opened by this process. Committed reads are positional
 * reads through a channel cache under a read lock; transactions stage privately and commit through one writer
 * thread that groups every waiting transaction into a single log commit; the index is checkpointed on close and
 * every {@link #checkpointThreshold()} log bytes, never at each commit. See the package documentation for the
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
    private final RepositoryOptions options;
    private volatile RepositoryConfig config;
    private final boolean appendOnly;
    private final long storageQuota;
    private final long additionalFreeSpace;
    private final long maxSegmentSize;
    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final SegmentWriter writer;
    private final CommittedState state = new CommittedState();
    /** Serialises everything that writes the log: group commits, compaction, checkpoints, check, repair. */
    private final ReentrantLock logWriter = new ReentrantLock();
    private final RepositoryLock lock;
    private final PreparedFiles preparedFiles;
    private final Map<String, PreparedSlot> prepared = new ConcurrentHashMap<>();
    private final AtomicInteger openTransactions = new AtomicInteger();
    private final Path spillDir;
    private final long spillBytes;
    private final FileStore fileStore;
    private final AtomicLong logCommits = new AtomicLong();
    private final AtomicLong committedTransactions = new AtomicLong();
    private GroupCommitter committer;
    private volatile boolean closed;
    private boolean cleanupNeeded;

    /** A prepared branch: its file, and the live transaction that prepared it in this session (or null). */
    private static final class PreparedSlot {
        final PreparedFiles.Prepared file;
        final StagedTransaction owner;
        boolean deciding;

        PreparedSlot(PreparedFiles.Prepared file, StagedTransaction owner) {
            this.file = file;
            this.owner = owner;
        }
    }

    private LogStore(Path path, RepositoryOptions options, RepositoryConfig config, RepositoryLock lock) {
        this.path = path;
        this.options = options;
        this.config = config;
        this.lock = lock;
        this.appendOnly = options.appendOnly() || config.appendOnly();
        this.storageQuota = config.storageQuota();
        this.additionalFreeSpace = config.additionalFreeSpace();
        this.maxSegmentSize = config.maxSegmentSize();
        this.files = new SegmentFiles(path, config.segmentsPerDir());
        this.channels = new SegmentChannels(files, READ_CHANNELS);
        this.writer = new SegmentWriter(files, channels, maxSegmentSize, 0);
        this.preparedFiles = new PreparedFiles(path.resolve("repono").resolve("prepared"));
        this.spillDir = path.resolve("repono").resolve("tmp");
        this.spillBytes = options.spillBytes() > 0 ? Math.min(options.spillBytes(), MAX_SPILL_BYTES) : DEFAULT_SPILL_BYTES;
        FileStore store;
        try {
            store = Files.getFileStore(path);
        } catch (IOException e) {
            store = null; // borg too commits when it cannot learn the free space
        }
        this.fileStore = store;
    }

    // ---- creating and destroying ---------------------------------------------------------------------

    /**
     * borg init, then open. A new repository gets an empty first commit (no manifest: the repository layer needs
     * none) so that it holds valid data: segment 0 and segment 1 each hold a COMMIT, so it is at transaction 1
     * like a fresh borg repository, and its index.1/hints.1/integrity.1 are written.
     */
    public static LogStore create(Path repository, RepositoryOptions options, ProgressListener progress) {
        RepositoryOptions o = options == null ? RepositoryOptions.defaults() : options;
        Path path = repository.toAbsolutePath().normalize();
        RepositoryLayout.requireCreatable(path, o);
        boolean createdDir = false;
        LogStore store = null;
        try {
            createdDir = RepositoryLayout.createFiles(path, o);
            // the config carries append_only; the session must still write the first commit
            store = open(path, o.withExclusive(true), progress);
            store.writeFirstCommit();
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

    private void writeFirstCommit() {
        logWriter.lock();
        try {
            ensureWritable();
            writer.mark();
            try {
                for (int i = 0; i < 2; i++) {
                    long c = writer.writeCommit();
                    state.hints.segments.putIfAbsent((int) c, 0);
                    state.hints.compact.merge((int) c, (long) SegmentEntry.HEADER_SIZE, Long::sum);
                    state.transactionId = c;
                }
            } catch (IOException e) {
                abortWrite();
                throw writeFailure(e);
            }
            writeCheckpoint();
        } finally {
            logWriter.unlock();
        }
    }

    /** borg destroy: refused in append-only mode; takes the exclusive lock, then removes config first, then all. */
    public static void destroy(Path repository, RepositoryOptions options) {
        RepositoryOptions o = (options == null ? RepositoryOptions.defaults() : options).withExclusive(true);
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

    // ---- opening -------------------------------------------------------------------------------------

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
            store.committer = new GroupCommitter("repono-commit " + path, store::writeBatch);
            return store;
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.channels.close();
            }
            lock.close();
            throw e;
        }
    }

    /** Loads the committed state from disk as borg's open + get_transaction_id + prepare_txn do. */
    private void load(ProgressListener progress) {
        state.index = HashIndex.create();
        state.hints = new Hints();
        state.transactionId = -1;
        state.checkpointTransactionId = -1;
        state.bytesSinceCheckpoint = 0;
        long[] segments = files.list();
        if (segments.length > 0 && RepositoryLayout.hasAtticMagic(files.pathOf(segments[segments.length - 1]))) {
            throw new InvalidRepositoryException(path, "Attic repository detected. Please run \"borg upgrade " + path + "\".");
        }
        long segmentsTid = newestCommittedSegment(segments);
        long indexTid = IndexFiles.newestIndexTransaction(path);
        if (indexTid >= 0 && segmentsTid < 0) {
            throw new CheckNeededException(path, "Inconsistency detected. Please run \"borg check " + path
                    + "\" - although likely this is \"beyond repair\": index." + indexTid + " exists but no segment is committed");
        }
        long replayFrom = -1;
        if (indexTid >= 0 && indexTid <= segmentsTid) {
            try {
                IndexFiles.LoadedIndex loaded = IndexFiles.readIndex(path, indexTid);
                IndexFiles.LoadedHints hints = IndexFiles.readHints(path, indexTid);
                state.index = loaded.index();
                state.hints = hints.hints();
                replayFrom = indexTid;
                state.checkpointTransactionId = indexTid;
                if (state.hints.compactNeedsRebuild()) {
                    List<Integer> listed = new ArrayList<>(state.hints.v1CompactSegments());
                    listed.sort(null);
                    new Replay(path, files, channels, state.index, state.hints).rebuildSparse(listed);
                }
            } catch (IndexFileException e) {
                LOG.log(Level.WARNING, "Repository index missing or corrupted, trying to recover from: {0}", e.getMessage());
                state.index = HashIndex.create();
                state.hints = new Hints();
                if (lock.isExclusive()) {
                    deleteQuietly(IndexFiles.indexFile(path, indexTid));
                    deleteQuietly(IndexFiles.hintsFile(path, indexTid));
                }
            }
        }
        // borg's prepare_txn: shadow entries pointing past the committed state are dropped
        final long tid = segmentsTid;
        for (List<Integer> shadowed : state.hints.shadowIndex.values()) {
            shadowed.removeIf(s -> s > tid);
        }
        if (lock.isExclusive()) {
            cleanup(segmentsTid);
        } else {
            cleanupNeeded = true;
        }
        if (segmentsTid >= 0 && replayFrom < segmentsTid) {
            new Replay(path, files, channels, state.index, state.hints).run(replayFrom, segmentsTid, progress);
        }
        state.transactionId = segmentsTid;
        writer.restartAt(segmentsTid + 1);
        if (replayFrom >= 0 && replayFrom < segmentsTid) {
            // everything after the checkpoint counts towards the next one
            long bytes = 0;
            for (long s : files.list()) {
                if (s > replayFrom && s <= segmentsTid) {
                    bytes += Math.max(0, files.size(s));
                }
            }
            state.bytesSinceCheckpoint = bytes;
        }
        loadPrepared();
    }

    private long newestCommittedSegment(long[] segments) {
        for (int i = segments.length - 1; i >= 0; i--) {
            Path file = files.pathOf(segments[i]);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (SegmentScanner.isCommitted(ch, segments[i])) {
                    return segments[i];
                }
            } catch (NoSuchFileException gone) {
                // deleted while we looked: not committed
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read segment " + file, e);
            }
        }
        return -1;
    }

    /** Deletes every segment after the last committed one (invariant 2). */
    private void cleanup(long lastCommitted) {
        try {
            long[] deleted = files.deleteAbove(lastCommitted, channels);
            if (deleted.length > 0) {
                LOG.log(Level.DEBUG, "Cleaned up {0} uncommitted segment files (== everything after segment {1}).",
                        deleted.length, lastCommitted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete uncommitted segments of " + path, e);
        }
        cleanupNeeded = false;
    }

    /**
     * Lists the prepared branches on disk. A branch whose marker DELETE is in a segment written after it was
     * prepared already committed (crash between the log commit and the file's removal): it is removed, never
     * committed twice (invariant 4).
     */
    private void loadPrepared() {
        List<PreparedFiles.Prepared> found = preparedFiles.scan(lock.isExclusive());
        if (found.isEmpty()) {
            return;
        }
        Map<ObjectId, PreparedFiles.Prepared> byMarker = new HashMap<>();
        long from = Long.MAX_VALUE;
        for (PreparedFiles.Prepared p : found) {
            byMarker.put(ObjectId.of(Ids.markerKey(p.xid())), p);
            from = Math.min(from, p.baseTransactionId());
        }
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        SegmentScanner scanner = null;
        for (long s : files.list()) {
            if (s <= from || s > state.transactionId) {
                continue;
            }
            try (SegmentChannels.Handle h = channels.acquire(s)) {
                scanner = scanner == null ? SegmentScanner.open(h.channel(), s, false) : scanner.reset(h.channel(), s);
                while (scanner.next()) {
                    if (scanner.tag() != SegmentEntry.TAG_DELETE) {
                        continue;
                    }
                    scanner.key(key);
                    ObjectId marker = ObjectId.of(key);
                    PreparedFiles.Prepared p = byMarker.get(marker);
                    if (p != null && s > p.baseTransactionId()) {
                        byMarker.remove(marker);
                        found.remove(p);
                        state.hints.shadowIndex.computeIfAbsent(marker, x -> new ArrayList<>());
                        if (lock.isExclusive()) {
                            deleteQuietly(p.file());
                        }
                        LOG.log(Level.INFO, "prepared branch {0} already committed in segment {1}; removed", p.xidHex(), s);
                    }
                }
            } catch (SegmentFormatException e) {
                throw new IntegrityException(path, e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan segment " + s + " of " + path, e);
            }
        }
        for (PreparedFiles.Prepared p : found) {
            prepared.putIfAbsent(p.xidHex(), new PreparedSlot(p, null));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete {0}: {1}", file, e.toString());
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
        Ids.requireId(path, id);
        long location;
        SegmentChannels.Handle h;
        state.lock.readLock().lock();
        try {
            location = state.index.get(id);
            if (location == HashIndex.NOT_FOUND) {
                throw new ObjectNotFoundException(path, id);
            }
            // taken under the read lock: compaction cannot delete the file before we hold it
            h = acquire(location);
        } finally {
            state.lock.readLock().unlock();
        }
        try (h) {
            return SegmentScanner.readPut(h.channel(), offsetOf(location), id, h.segment());
        } catch (SegmentFormatException e) {
            throw integrity(e);
        } catch (UncheckedIOException e) {
            throw new RepositoryException(path, "cannot read object " + Ids.hex(id) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openStream(byte[] id) {
        requireOpen();
        Ids.requireId(path, id);
        long location;
        SegmentChannels.Handle h;
        state.lock.readLock().lock();
        try {
            location = state.index.get(id);
            if (location == HashIndex.NOT_FOUND) {
                throw new ObjectNotFoundException(path, id);
            }
            h = acquire(location);
        } finally {
            state.lock.readLock().unlock();
        }
        InputStream data;
        try {
            data = SegmentScanner.openPut(h.channel(), offsetOf(location), id, h.segment());
        } catch (SegmentFormatException e) {
            h.close();
            throw integrity(e);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return new SegmentStream(data, h);
    }

    /** The object's data, released with its channel reference; CRC failures surface as IntegrityException. */
    private final class SegmentStream extends InputStream {
        private final InputStream data;
        private SegmentChannels.Handle handle;

        SegmentStream(InputStream data, SegmentChannels.Handle handle) {
            this.data = data;
            this.handle = handle;
        }

        @Override
        public int read() throws IOException {
            try {
                return data.read();
            } catch (SegmentFormatException e) {
                throw integrity(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return data.read(b, off, len);
            } catch (SegmentFormatException e) {
                throw integrity(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return data.skip(n);
            } catch (SegmentFormatException e) {
                throw integrity(e);
            }
        }

        @Override
        public int available() throws IOException {
            return data.available();
        }

        @Override
        public void close() throws IOException {
            data.close();
            SegmentChannels.Handle h = handle;
            handle = null;
            if (h != null) {
                h.close();
            }
        }
    }

    @Override
    public List<byte[]> getMany(List<byte[]> ids) {
        List<byte[]> out = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            out.add(get(id));
        }
        return out;
    }

    @Override
    public boolean contains(byte[] id) {
        requireOpen();
        Ids.requireId(path, id);
        state.lock.readLock().lock();
        try {
            return state.index.get(id) != HashIndex.NOT_FOUND;
        } finally {
            state.lock.readLock().unlock();
        }
    }

    @Override
    public Optional<Long> objectSize(byte[] id) {
        requireOpen();
        Ids.requireId(path, id);
        long location;
        SegmentChannels.Handle h;
        state.lock.readLock().lock();
        try {
            location = state.index.get(id);
            if (location == HashIndex.NOT_FOUND) {
                return Optional.empty();
            }
            h = acquire(location);
        } finally {
            state.lock.readLock().unlock();
        }
        try (h) {
            return Optional.of((long) SegmentScanner.readPutSize(h.channel(), offsetOf(location), id, h.segment())
                    - SegmentEntry.PUT_HEADER_SIZE);
        } catch (SegmentFormatException e) {
            throw integrity(e);
        }
    }

    @Override
    public long size() {
        requireOpen();
        state.lock.readLock().lock();
        try {
            return state.index.size();
        } finally {
            state.lock.readLock().unlock();
        }
    }

    @Override
    public List<byte[]> list(int limit, byte[] marker) {
        requireOpen();
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (marker != null) {
            Ids.requireId(path, marker);
        }
        state.lock.readLock().lock();
        try {
            return state.index.list(limit, marker);
        } finally {
            state.lock.readLock().unlock();
        }
    }

    private SegmentChannels.Handle acquire(long location) {
        long segment = Integer.toUnsignedLong(HashIndex.segment(location));
        try {
            return channels.acquire(segment);
        } catch (NoSuchFileException e) {
            throw new IntegrityException(path, "segment " + segment + " is missing (" + files.pathOf(segment) + ")", e);
        } catch (IOException e) {
            throw new RepositoryException(path, "cannot open segment " + segment + ": " + e.getMessage(), e);
        }
    }

    private static long offsetOf(long location) {
        return Integer.toUnsignedLong(HashIndex.offset(location));
    }

    private IntegrityException integrity(SegmentFormatException e) {
        return new IntegrityException(path, e.getMessage(), e);
    }

    long storageQuota() {
        return storageQuota;
    }

    long storageQuotaUse() {
        state.lock.readLock().lock();
        try {
            return state.hints.storageQuotaUse;
        } finally {
            state.lock.readLock().unlock();
        }
    }

    // ---- transactions --------------------------------------------------------------------------------

    @Override
    public Transaction begin() {
        requireOpen();
        openTransactions.incrementAndGet();
        return new StagedTransaction(this, new Staging(spillDir, spillBytes));
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
            // the commit goes on; its outcome is what the log says
            Thread.currentThread().interrupt();
            try {
                return request.done().join();
            } catch (CompletionException ce) {
                throw rethrow(ce.getCause());
            }
        }
    }

    private RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RepositoryException re) {
            return re;
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new RepositoryException(path, "commit failed: " + cause, cause);
    }

    /** The commit queue's writer: one group commit for everything that was waiting. */
    private void writeBatch(List<CommitRequest> batch) {
        logWriter.lock();
        try {
            List<CommitRequest> accepted = new ArrayList<>(batch.size());
            try {
                ensureWritable();
                long quotaUse = state.hints.storageQuotaUse;
                long batchBytes = 0;
                for (CommitRequest r : batch) {
                    long adds = r.staging().livePutBytes();
                    if (storageQuota > 0 && !r.prepared() && quotaUse + adds > storageQuota) {
                        r.done().completeExceptionally(new StorageQuotaExceededException(path, "The storage quota ("
                                + storageQuota + " bytes) has been exceeded (" + (quotaUse + adds)
                                + " bytes). Try deleting some archives."));
                        continue;
                    }
                    quotaUse += adds;
                    batchBytes += adds + (long) r.staging().liveDeletes() * 2 * SegmentEntry.PUT_HEADER_SIZE;
                    accepted.add(r);
                }
                if (accepted.isEmpty()) {
                    return;
                }
                FreeSpaceCheck.require(path, fileStore, batchBytes + FreeSpaceCheck.required(state.index.fileSize(), state.hints,
                        additionalFreeSpace, appendOnly, maxSegmentSize, files));
            } catch (RuntimeException e) {
                fail(batch, e); // (already-failed requests keep their own reason)
                return;
            }
            GroupCommit commit = new GroupCommit(state, writer, channels);
            long tid;
            writer.mark();
            try {
                tid = commit.write(accepted);
            } catch (IOException | RuntimeException e) {
                abortWrite();
                fail(accepted, writeFailure(e));
                return;
            }
            if (tid >= 0) {
                state.lock.writeLock().lock();
                try {
                    commit.apply();
                } finally {
                    state.lock.writeLock().unlock();
                }
                logCommits.incrementAndGet();
            }
            committedTransactions.addAndGet(accepted.size());
            for (CommitRequest r : accepted) {
                if (r.preparedFile() != null) {
                    deleteQuietly(r.preparedFile());
                }
                r.done().complete(tid);
            }
            if (state.bytesSinceCheckpoint > checkpointThreshold()) {
                try {
                    writeCheckpoint();
                } catch (RuntimeException e) {
                    // derived data (invariant 3): the next checkpoint or a replay makes up for it
                    LOG.log(Level.WARNING, "index checkpoint of {0} failed: {1}", path, e.toString());
                }
            }
        } finally {
            logWriter.unlock();
        }
    }

    private void abortWrite() {
        try {
            writer.abort();
        } catch (IOException | RuntimeException e) {
            // leftovers above the committed state are garbage (invariant 2): clean up before the next write
            cleanupNeeded = true;
            LOG.log(Level.WARNING, "cannot remove the partial segments of a failed commit in {0}: {1}", path, e.toString());
        }
    }

    private RepositoryException writeFailure(Exception e) {
        if (e instanceof RepositoryException re) {
            return re;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device")) {
            return new InsufficientFreeSpaceException(path, "No space left on device while committing; the transaction"
                    + " was rolled back and its partial segments removed", e);
        }
        return new RepositoryException(path, "commit failed, the transaction was rolled back: " + e, e);
    }

    private static void fail(List<CommitRequest> requests, RuntimeException e) {
        for (CommitRequest r : requests) {
            r.done().completeExceptionally(e);
        }
    }

    /** The log writer's preconditions: the exclusive lock (upgraded if needed) and no uncommitted leftovers. */
    private void ensureWritable() {
        if (!lock.isExclusive()) {
            lock.upgrade(options.lockWait());
        }
        if (cleanupNeeded) {
            cleanup(state.transactionId);
            writer.restartAt(state.transactionId + 1);
        }
    }

    /** Log bytes after which an index checkpoint is written. */
    long checkpointThreshold() {
        if (options.checkpointBytes() > 0) {
            return options.checkpointBytes();
        }
        return Math.max(DEFAULT_CHECKPOINT_BYTES, 2 * state.index.fileSize());
    }

    /** Writes index.N/hints.N/integrity.N for the current transaction; the caller holds the log writer. */
    private void writeCheckpoint() {
        long tid = state.transactionId;
        if (tid < 0) {
            return;
        }
        ensureWritable();
        // the log writer is held: nobody changes the state while it is written, readers go on
        IndexFiles.write(path, tid, state.index, state.hints, appendOnly);
        state.lock.writeLock().lock();
        try {
            state.checkpointTransactionId = tid;
            state.bytesSinceCheckpoint = 0;
        } finally {
            state.lock.writeLock().unlock();
        }
    }

    @Override
    public void checkpoint() {
        requireOpen();
        logWriter.lock();
        try {
            writeCheckpoint();
        } finally {
            logWriter.unlock();
        }
    }

    // ---- prepared branches ---------------------------------------------------------------------------

    PreparedFiles.Prepared prepare(StagedTransaction txn, byte[] xid) {
        requireOpen();
        if (xid == null || xid.length == 0 || xid.length > PreparedFiles.MAX_XID) {
            throw new IllegalArgumentException("xid must be 1 to " + PreparedFiles.MAX_XID + " bytes, got "
                    + (xid == null ? "null" : xid.length + " bytes"));
        }
        String hex = HexFormat.of().formatHex(xid);
        PreparedSlot placeholder = new PreparedSlot(null, txn);
        if (prepared.putIfAbsent(hex, placeholder) != null) {
            throw new TransactionStateException(path, "a branch with xid " + hex + " is already prepared");
        }
        try {
            long base;
            state.lock.readLock().lock();
            try {
                base = state.transactionId;
            } finally {
                state.lock.readLock().unlock();
            }
            PreparedFiles.Prepared file = preparedFiles.write(xid, txn.staging(), base, Instant.now());
            prepared.put(hex, new PreparedSlot(file, txn));
            return file;
        } catch (IOException | RuntimeException e) {
            prepared.remove(hex, placeholder);
            if (e instanceof RepositoryException re) {
                throw re;
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("No space left on device")) {
                throw new InsufficientFreeSpaceException(path, "No space left on device while preparing " + hex, e);
            }
            throw new RepositoryException(path, "cannot prepare branch " + hex + ": " + e, e);
        }
    }

    @Override
    public List<PreparedBranch> preparedBranches() {
        requireOpen();
        List<PreparedBranch> out = new ArrayList<>();
        for (PreparedSlot slot : prepared.values()) {
            PreparedFiles.Prepared p = slot.file;
            if (p != null) {
                out.add(new PreparedBranch(p.xid().clone(), p.prepared(), p.puts(), p.deletes(), p.dataBytes()));
            }
        }
        out.sort((a, b) -> a.prepared().compareTo(b.prepared()));
        return out;
    }

    @Override
    public void commitPrepared(byte[] xid) {
        requireOpen();
        PreparedSlot slot = claim(xid);
        if (slot == null) {
            return;
        }
        String hex = slot.file.xidHex();
        Staging entries = null;
        boolean ownStaging = slot.owner == null;
        try {
            entries = ownStaging ? PreparedFiles.entries(slot.file) : slot.owner.staging();
            commit(entries, Ids.markerKey(slot.file.xid()), slot.file.file());
        } catch (IOException e) {
            release(hex, slot);
            throw new IntegrityException(path, "prepared branch " + hex + " cannot be read back: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(hex, slot);
            throw e;
        } finally {
            if (ownStaging && entries != null) {
                entries.close();
            }
        }
        prepared.remove(hex, slot);
        if (slot.owner != null) {
            slot.owner.decided(true);
        }
    }

    @Override
    public void rollbackPrepared(byte[] xid) {
        requireOpen();
        PreparedSlot slot = claim(xid);
        if (slot == null) {
            return;
        }
        try {
            preparedFiles.delete(slot.file.file());
            SegmentFiles.syncDirectory(preparedFiles.dir());
        } catch (IOException e) {
            release(slot.file.xidHex(), slot);
            throw new RepositoryException(path, "cannot remove prepared branch " + slot.file.xidHex() + ": " + e, e);
        }
        prepared.remove(slot.file.xidHex(), slot);
        if (slot.owner != null) {
            slot.owner.decided(false);
        }
    }

    /** Marks the branch as being decided (so two deciders cannot both act); null when unknown or busy. */
    private PreparedSlot claim(byte[] xid) {
        if (xid == null) {
            return null;
        }
        PreparedSlot slot = prepared.get(HexFormat.of().formatHex(xid));
        if (slot == null || slot.file == null) {
            return null;
        }
        synchronized (slot) {
            if (slot.deciding) {
                throw new TransactionStateException(path, "branch " + slot.file.xidHex() + " is being decided by another caller");
            }
            slot.deciding = true;
        }
        return slot;
    }

    private static void release(String hex, PreparedSlot slot) {
        synchronized (slot) {
            slot.deciding = false;
        }
    }

    // ---- maintenance ---------------------------------------------------------------------------------

    @Override
    public CheckReport check(boolean repair, ProgressListener progress, Cancellation cancellation) {
        requireOpen();
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        RepositoryCheck check = new RepositoryCheck(path, config, threads);
        if (!repair) {
            logWriter.lock();
            try {
                return check.check(state.index, state.transactionId, p, c);
            } finally {
                logWriter.unlock();
            }
        }
        if (appendOnly) {
            throw new AppendOnlyException(path, path + " is in append-only mode: repair is refused");
        }
        logWriter.lock();
        try {
            int open = openTransactions.get();
            if (open > 0) {
                throw new TransactionStateException(path, "repair needs the repository to itself: " + open
                        + " transactions open");
            }
            ensureWritable();
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            channels.evictAll();
            CheckReport report = check.repair(p, c);
            reload(p);
            return report;
        } finally {
            logWriter.unlock();
        }
    }

    /** Reloads the committed state from disk as at open (after repair rewrote it). */
    private void reload(ProgressListener progress) {
        channels.evictAll();
        Map<String, PreparedSlot> live = new HashMap<>();
        prepared.forEach((k, v) -> {
            if (v.owner != null) {
                live.put(k, v);
            }
        });
        state.lock.writeLock().lock();
        try {
            prepared.clear();
            prepared.putAll(live); // this session's own branches keep their transaction
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
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        logWriter.lock();
        try {
            ensureWritable();
            CompactionReport report;
            try {
                report = new Compaction(path, files, channels, writer, state).run(threshold, p, c);
            } catch (IOException e) {
                throw writeFailure(e);
            }
            logCommits.incrementAndGet();
            writeCheckpoint();
            return report;
        } finally {
            logWriter.unlock();
        }
    }

    @Override
    public RepositoryStats stats() {
        requireOpen();
        long objects;
        long freeable = 0;
        long tid;
        long checkpointTid;
        long quotaUse;
        state.lock.readLock().lock();
        try {
            objects = state.index.size();
            for (long f : state.hints.compact.values()) {
                freeable += f;
            }
            tid = state.transactionId;
            checkpointTid = state.checkpointTransactionId;
            quotaUse = state.hints.storageQuotaUse;
        } finally {
            state.lock.readLock().unlock();
        }
        long[] segments = files.list();
        long bytes = 0;
        for (long s : segments) {
            bytes += Math.max(0, files.size(s));
        }
        int preparedCount = 0;
        for (PreparedSlot slot : prepared.values()) {
            if (slot.file != null) {
                preparedCount++;
            }
        }
        return new RepositoryStats(path, objects, segments.length, bytes, freeable, tid,
                IndexFiles.newestIndexTransaction(path), appendOnly, storageQuota, quotaUse, preparedCount);
    }

    @Override
    public List<SegmentUsage> segmentUsage() {
        requireOpen();
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
        logWriter.lock();
        try {
            ensureWritable();
            RepositoryConfig fresh = RepositoryLayout.readConfig(path);
            fresh.setKey(key);
            try {
                fresh.write(path);
            } catch (FileAccessException e) {
                throw new RepositoryException(path, "cannot write the config: " + e.getMessage(), e);
            }
            config = fresh;
        } finally {
            logWriter.unlock();
        }
    }

    // ---- figures for tests and the benchmark ----------------------------------------------------------

    /** Log commits written by this session (a group commit counts once). */
    public long logCommits() {
        return logCommits.get();
    }

    /** Transactions committed by this session. */
    public long committedTransactions() {
        return committedTransactions.get();
    }

    /** fdatasync + directory fsync calls made on segment files by this session. */
    public long segmentSyncs() {
        logWriter.lock();
        try {
            return writer.syncs();
        } finally {
            logWriter.unlock();
        }
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
            logWriter.lock();
            try {
                if (state.transactionId >= 0 && state.checkpointTransactionId != state.transactionId
                        && (lock.isExclusive() || tryUpgrade())) {
                    try {
                        writeCheckpoint();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "index checkpoint of {0} at close failed: {1}", path, e.toString());
                    }
                }
                try {
                    writer.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "closing the open segment of {0} failed: {1}", path, e.toString());
                }
            } finally {
                logWriter.unlock();
            }
        } finally {
            channels.close();
            lock.close();
        }
    }

    private boolean tryUpgrade() {
        try {
            lock.upgrade(options.lockWait());
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "no index checkpoint at close of {0}: {1}", path, e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        return "LogStore[" + path + "]";
    }
}
