package org.repono.engine.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.repono.engine.CheckNeededException;
import org.repono.engine.InvalidRepositoryException;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.Hints;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFileException;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;

/**
 * Loads the committed state from disk as borg's open + get_transaction_id + prepare_txn do (FORMAT §6.1-§6.3):
 * transaction ids, index.N/hints.N (integrity-checked; on failure dropped and rebuilt by replay), cleanup of
 * uncommitted segments (only with the exclusive lock), replay of the segments after the checkpoint.
 */
final class StateLoader {
    private static final System.Logger LOG = System.getLogger(StateLoader.class.getName());

    private final Path path;
    private final SegmentFiles files;
    private final SegmentChannels channels;

    StateLoader(Path path, SegmentFiles files, SegmentChannels channels) {
        this.path = path;
        this.files = files;
        this.channels = channels;
    }

    /**
     * Fills {@code state}. With {@code exclusive}, damaged index files and uncommitted segments are deleted (as
     * borg); without, they are left alone and ignored.
     *
     * @return whether uncommitted segments may remain on disk (cleanup still to do before the first write)
     */
    boolean load(CommittedState state, boolean exclusive, ProgressListener progress) {
        state.index = HashIndex.create();
        state.hints = new Hints();
        state.transactionId = -1;
        state.checkpointTransactionId = -1;
        state.bytesSinceCheckpoint = 0;
        state.pendingFreeable.clear();
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
                UnlistedSegments.adopt(path, files, channels, state.index, state.hints, indexTid);
            } catch (IndexFileException e) {
                LOG.log(Level.WARNING, "Repository index missing or corrupted, trying to recover from: {0}", e.getMessage());
                state.index = HashIndex.create();
                state.hints = new Hints();
                if (exclusive) {
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
        boolean cleanupPending = true;
        if (exclusive) {
            cleanup(segmentsTid);
            cleanupPending = false;
            dropStagingLeftovers();
        }
        if (segmentsTid >= 0 && replayFrom < segmentsTid) {
            new Replay(path, files, channels, state.index, state.hints).run(replayFrom, segmentsTid, progress);
        }
        state.transactionId = segmentsTid;
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
        return cleanupPending;
    }

    /** borg's get_segments_transaction_id: the newest segment that is committed, or -1. */
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

    /** Deletes every segment after the last committed one, newest first (invariant 2). */
    void cleanup(long lastCommitted) {
        try {
            long[] deleted = files.deleteAbove(lastCommitted, channels);
            if (deleted.length > 0) {
                LOG.log(Level.DEBUG, "Cleaned up {0} uncommitted segment files (== everything after segment {1}).",
                        deleted.length, lastCommitted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete uncommitted segments of " + path, e);
        }
    }

    /**
     * Segment files a crashed process staged in {@code repono/tmp} for a transaction that never committed. Only with
     * the exclusive lock at load, before this session stages anything: then no one else can be staging here.
     */
    private void dropStagingLeftovers() {
        Path tmp = path.resolve("repono").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp, "txn-*")) {
            for (Path p : dir) {
                deleteQuietly(p);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot clear {0}: {1}", tmp, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete {0}: {1}", file, e.toString());
        }
    }
}
