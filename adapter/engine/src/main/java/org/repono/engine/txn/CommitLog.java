package org.repono.engine.txn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.repono.engine.Cancellation;
import org.repono.engine.CompactionReport;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.ProgressListener;
import org.repono.engine.RepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.StorageQuotaExceededException;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.lock.RepositoryLock;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.log.SegmentWriter;

/**
 * The writing side of a repository: the one log writer. Group commits, compaction, index checkpoints, check and
 * repair all run under its lock, one at a time; each first makes sure of the exclusive borg lock and of a log
 * without uncommitted leftovers. Readers never wait for it, except for the short swap of the committed state.
 */
final class CommitLog {
    private static final System.Logger LOG = System.getLogger(CommitLog.class.getName());

    private final Path path;
    private final RepositoryOptions options;
    private final RepositoryLock lock;
    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final SegmentWriter writer;
    private final CommittedState state;
    private final StateLoader loader;
    /** The file system's store, looked up at the first commit (readers never need it), null if it cannot be. */
    private FileStore fileStore;
    private boolean fileStoreLooked;
    private final boolean appendOnly;
    private final long storageQuota;
    private final long additionalFreeSpace;
    private final long maxSegmentSize;
    private final ReentrantLock writerLock = new ReentrantLock();
    private final AtomicLong logCommits = new AtomicLong();
    private final AtomicLong committedTransactions = new AtomicLong();
    private boolean cleanupNeeded;

    CommitLog(Path path, RepositoryOptions options, RepositoryConfig config, boolean appendOnly, RepositoryLock lock,
              SegmentFiles files, SegmentChannels channels, CommittedState state, StateLoader loader) {
        this.path = path;
        this.options = options;
        this.lock = lock;
        this.files = files;
        this.channels = channels;
        this.state = state;
        this.loader = loader;
        this.appendOnly = appendOnly;
        this.storageQuota = config.storageQuota();
        this.additionalFreeSpace = config.additionalFreeSpace();
        this.maxSegmentSize = config.maxSegmentSize();
        this.writer = new SegmentWriter(files, channels, maxSegmentSize, 0);
    }

    /** After the state was (re)loaded: where the next segment goes and whether a cleanup is still due. */
    void loaded(boolean cleanupPending) {
        cleanupNeeded = cleanupPending;
        writer.restartAt(state.transactionId + 1);
    }

    /**
     * Settles pending freeable sizes (see {@link #settleFreeable}) for a reader of the hints' figures. It waits for
     * the log writer only when there are sizes left to read (after deletes), never otherwise.
     */
    void settleFreeableForReaders() {
        boolean pending;
        state.lock.readLock().lock();
        try {
            pending = !state.pendingFreeable.isEmpty();
        } finally {
            state.lock.readLock().unlock();
        }
        if (pending) {
            exclusively(() -> {
                settleFreeable();
                return null;
            });
        }
    }

    /** Runs work as the log writer (commits wait; readers go on). */
    <T> T exclusively(Supplier<T> work) {
        writerLock.lock();
        try {
            return work.get();
        } finally {
            writerLock.unlock();
        }
    }

    /** The log writer's preconditions: the exclusive lock (upgraded if needed) and no uncommitted leftovers. */
    void ensureWritable() {
        if (!lock.isExclusive()) {
            lock.upgrade(options.lockWait());
        }
        if (cleanupNeeded) {
            loader.cleanup(state.transactionId);
            cleanupNeeded = false;
            writer.restartAt(state.transactionId + 1);
        }
    }

    // ---- group commit --------------------------------------------------------------------------------

    /** The commit queue's writer: one group commit for everything that was waiting (invariant 1). */
    void writeBatch(List<CommitRequest> batch) {
        writerLock.lock();
        try {
            List<CommitRequest> accepted = new ArrayList<>(batch.size());
            try {
                ensureWritable();
                long quotaUse = state.hints.storageQuotaUse;
                long batchBytes = 0;
                for (CommitRequest r : batch) {
                    long adds = r.staging().livePutBytes();
                    // a prepared branch was promised at prepare: its commit must not fail on the quota
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
                FreeSpaceCheck.require(path, fileStore(), batchBytes + FreeSpaceCheck.required(state.index.fileSize(),
                        state.hints, additionalFreeSpace, appendOnly, maxSegmentSize, files));
            } catch (RuntimeException e) {
                fail(batch, e); // requests failed above keep their own reason
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
                    // no fsync: if the removal is lost, the marker in the log tells (invariant 4)
                    StateLoader.deleteQuietly(r.preparedFile());
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
            writerLock.unlock();
        }
    }

    private FileStore fileStore() {
        if (!fileStoreLooked) {
            fileStoreLooked = true;
            try {
                fileStore = Files.getFileStore(path);
            } catch (IOException e) {
                fileStore = null; // borg too commits when it cannot learn the free space
            }
        }
        return fileStore;
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
        if (String.valueOf(e.getMessage()).contains("No space left on device")) {
            return new InsufficientFreeSpaceException(path, "No space left on device while writing the log; the work was"
                    + " rolled back and its partial segments removed", e);
        }
        return new RepositoryException(path, "writing the log failed, the work was rolled back: " + e, e);
    }

    private static void fail(List<CommitRequest> requests, RuntimeException e) {
        for (CommitRequest r : requests) {
            r.done().completeExceptionally(e);
        }
    }

    /**
     * A new repository's empty first commit: segments 0 and 1 each hold a COMMIT (no manifest: the repository
     * layer needs none), so it is at transaction 1 like a fresh borg repository and borg finds valid data.
     */
    void writeFirstCommit() {
        exclusively(() -> {
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
            return null;
        });
    }

    // ---- checkpoints ---------------------------------------------------------------------------------

    /** Log bytes after which an index checkpoint is written. */
    long checkpointThreshold() {
        if (options.checkpointBytes() > 0) {
            return options.checkpointBytes();
        }
        return Math.max(LogStore.DEFAULT_CHECKPOINT_BYTES, 2 * state.index.fileSize());
    }

    /**
     * Brings the sizes of superseded PUTs that commits left for later into the hints (see PendingFreeable); needs
     * the log writer. The reads run without the state lock; readers wait only for the sums to be added.
     */
    void settleFreeable() {
        if (state.pendingFreeable.isEmpty()) {
            return;
        }
        PendingFreeable.Sums sums = state.pendingFreeable.read(channels);
        state.lock.writeLock().lock();
        try {
            state.pendingFreeable.applyAndClear(sums, state.hints);
        } finally {
            state.lock.writeLock().unlock();
        }
    }

    /** Writes index.N/hints.N/integrity.N for the current transaction (invariant 3); needs the log writer. */
    void writeCheckpoint() {
        long tid = state.transactionId;
        if (tid < 0) {
            return;
        }
        ensureWritable();
        settleFreeable();
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

    void checkpoint() {
        exclusively(() -> {
            writeCheckpoint();
            return null;
        });
    }

    // ---- compaction ----------------------------------------------------------------------------------

    CompactionReport compact(double threshold, ProgressListener progress, Cancellation cancellation) {
        return exclusively(() -> {
            ensureWritable();
            settleFreeable();
            CompactionReport report;
            try {
                report = new Compaction(path, files, channels, writer, state).run(threshold, progress, cancellation);
            } catch (IOException | RuntimeException e) {
                // whatever is left above the committed state is garbage (invariant 2): clean it before the next write
                cleanupNeeded = true;
                throw e instanceof IOException io ? writeFailure(io) : (RuntimeException) e;
            }
            logCommits.incrementAndGet();
            writeCheckpoint();
            return report;
        });
    }

    // ---- closing -------------------------------------------------------------------------------------

    /** Before the segments are rewritten underneath (repair): no segment open, no cached channel. */
    void releaseFiles() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new RepositoryException(path, "cannot close the open segment: " + e, e);
        }
        channels.evictAll();
    }

    /** At close: a checkpoint when the log moved on since index.N (if the exclusive lock can be had), files closed. */
    void close() {
        writerLock.lock();
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
            writerLock.unlock();
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

    // ---- figures -------------------------------------------------------------------------------------

    long logCommits() {
        return logCommits.get();
    }

    long committedTransactions() {
        return committedTransactions.get();
    }

    long syncs() {
        return exclusively(writer::syncs);
    }
}
