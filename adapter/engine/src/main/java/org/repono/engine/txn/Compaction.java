package org.repono.engine.txn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.repono.engine.Cancellation;
import org.repono.engine.CompactionReport;
import org.repono.engine.IntegrityException;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.log.SegmentWriter;

/**
 * borg 1.2.4's compact_segments (FORMAT §6.6), run on demand only, by the log writer (commits wait). Live PUTs of
 * sparse segments are copied forward, DELETEs kept by the shadow-index rule, and the old segments deleted only
 * after the COMMIT covering the copies is durable and the index points at the copies (invariant 5). Until then
 * readers keep reading the old locations; afterwards, readers still inside an old file keep their open channel.
 */
final class Compaction {
    private static final System.Logger LOG = System.getLogger(Compaction.class.getName());

    private final Path repository;
    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final SegmentWriter writer;
    private final CommittedState state;

    private Hints work;
    private final List<Integer> unused = new ArrayList<>();
    private byte[] movedKeys = new byte[32 * 64];
    private long[] movedLocations = new long[64];
    private int moved;
    private long bytesAtMark;
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];
    private final ByteBuffer deleteEntry = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private boolean pending;
    /** A target segment filled up since the last transfer (the writer rolled over to a new one). */
    private boolean targetFilled;

    private int segmentsRewritten;
    private long objectsMoved;

    Compaction(Path repository, SegmentFiles files, SegmentChannels channels, SegmentWriter writer, CommittedState state) {
        this.repository = repository;
        this.files = files;
        this.channels = channels;
        this.writer = writer;
        this.state = state;
    }

    /** Runs the compaction; the caller holds the log writer and the exclusive lock. */
    CompactionReport run(double threshold, ProgressListener progress, Cancellation cancellation) throws IOException {
        long started = System.nanoTime();
        long bytesBefore = segmentBytes();
        work = copy(state.hints);
        long indexTransactionBefore = state.checkpointTransactionId;
        TreeMap<Integer, Long> candidates = new TreeMap<>(work.compact);
        writer.mark();
        bytesAtMark = writer.bytesWritten();
        boolean cancelled = false;
        int step = 0;
        SegmentScanner scanner = null;
        try {
            for (Map.Entry<Integer, Long> candidate : candidates.entrySet()) {
                progress.progress("compact", (double) step++ / candidates.size(), step, candidates.size());
                if (cancellation.isCancelled()) {
                    cancelled = true;
                    break;
                }
                int segment = candidate.getKey();
                long size = files.size(segment);
                if (size <= 0) {
                    LOG.log(Level.WARNING, "segment {0} not found, but listed in compaction data", segment);
                    work.compact.remove(segment);
                    pending = true;
                    continue;
                }
                double ratio = (double) candidate.getValue() / size;
                if (!(ratio > threshold)) {
                    continue;
                }
                work.segments.putIfAbsent(segment, 0);
                try (SegmentChannels.Handle h = channels.acquire(segment)) {
                    scanner = scanner == null ? SegmentScanner.open(h.channel(), segment, true)
                            : scanner.reset(h.channel(), segment);
                    compactSegment(scanner, h, segment, indexTransactionBefore);
                }
                Integer refs = work.segments.get(segment);
                if (refs == null || refs != 0) {
                    throw new IntegrityException(repository, "Corrupted segment reference count - corrupted index or hints"
                            + " (segment " + segment + " still has " + refs + " live objects after compaction)");
                }
                unused.add(segment);
                segmentsRewritten++;
                pending = true;
                if (targetFilled) {
                    // unlike borg (a COMMIT in the middle of a source segment), only between source segments: the
                    // checkpoint a transfer writes then never records a half-compacted segment, whose moved copies,
                    // dropped quota and shadow entries would disagree with what is still on disk after a crash
                    completeTransfer(true);
                    targetFilled = false;
                }
            }
            if (pending) {
                completeTransfer(false);
            }
        } catch (IOException | RuntimeException e) {
            writer.abort();
            if (e instanceof SegmentFormatException sfe) {
                throw new IntegrityException(repository, sfe.getMessage(), sfe);
            }
            throw e;
        }
        progress.progress("compact", 1.0, candidates.size(), candidates.size());
        return new CompactionReport(segmentsRewritten, objectsMoved, bytesBefore, segmentBytes(), cancelled,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private void compactSegment(SegmentScanner scanner, SegmentChannels.Handle source, int segment,
                                long indexTransactionBefore) throws IOException {
        while (scanner.next()) {
            int tag = scanner.tag();
            if (tag == SegmentEntry.TAG_COMMIT) {
                continue;
            }
            scanner.key(key);
            long inIndex = state.index.get(key);
            if (tag == SegmentEntry.TAG_PUT) {
                if (inIndex == HashIndex.pack(segment, (int) scanner.offset())) {
                    long location;
                    // the scanner just read (and CRC-checked) the entry: copy it from its window, not the file again
                    ByteBuffer view = scanner.entryView();
                    try {
                        location = view != null ? writer.append(view, key, true)
                                : writer.append(source.channel(), scanner.offset(), scanner.size(), key, true);
                    } catch (SegmentWriter.SegmentFullException full) {
                        targetFilled = true;
                        location = view != null ? appendRolling(view)
                                : writer.append(source.channel(), scanner.offset(), scanner.size(), key);
                    }
                    recordMove(location);
                    work.segments.merge((int) (location >>> 32), 1, Integer::sum);
                    work.segments.merge(segment, -1, Integer::sum);
                    objectsMoved++;
                } else {
                    // superseded: gone with this segment, so no longer a shadowed PUT
                    List<Integer> shadowed = work.shadowIndex.get(ObjectId.of(key));
                    if (shadowed != null) {
                        shadowed.remove(Integer.valueOf(segment));
                    }
                    work.storageQuotaUse -= scanner.size();
                }
            } else if (inIndex == HashIndex.NOT_FOUND) {
                ObjectId id = ObjectId.of(key);
                List<Integer> shadowed = work.shadowIndex.get(id);
                boolean shadowedPutExists = shadowed == null || anyBefore(shadowed, segment);
                boolean deleteNotStable = indexTransactionBefore < 0 || segment > indexTransactionBefore;
                if (shadowedPutExists || deleteNotStable) {
                    long location = appendDelete();
                    work.compact.merge((int) (location >>> 32), (long) SegmentEntry.PUT_HEADER_SIZE, Long::sum);
                    work.segments.putIfAbsent((int) (location >>> 32), 0);
                } else if (shadowed.isEmpty()) {
                    work.shadowIndex.remove(id);
                }
            }
        }
    }

    /** Whether a segment of the list is below {@code segment} (a loop: this runs once per DELETE kept or dropped). */
    private static boolean anyBefore(List<Integer> segments, int segment) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) < segment) {
                return true;
            }
        }
        return false;
    }

    /** Appends an entry after the target filled up: the writer rolls over to a new segment. */
    private long appendRolling(ByteBuffer entry) throws IOException {
        try {
            return writer.append(entry, key, false);
        } catch (SegmentWriter.SegmentFullException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private long appendDelete() throws IOException {
        deleteEntry.clear();
        SegmentEntry.writeDeleteEntry(deleteEntry, key);
        deleteEntry.flip();
        try {
            return writer.append(deleteEntry, key, true);
        } catch (SegmentWriter.SegmentFullException full) {
            targetFilled = true;
            deleteEntry.rewind();
            try {
                return writer.append(deleteEntry, key, false);
            } catch (SegmentWriter.SegmentFullException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private void recordMove(long location) {
        if (moved == movedLocations.length) {
            movedKeys = Arrays.copyOf(movedKeys, moved * 2 * 32);
            movedLocations = Arrays.copyOf(movedLocations, moved * 2);
        }
        System.arraycopy(key, 0, movedKeys, moved * 32, 32);
        movedLocations[moved++] = location;
    }

    /**
     * borg's complete_xfer: COMMIT (intermediate = appended to the current target, between source segments), then -
     * only now that the copies are durable - the index points at them, a checkpoint records it, and then the emptied
     * segments are deleted.
     */
    private void completeTransfer(boolean intermediate) throws IOException {
        long commit = intermediate ? writer.writeIntermediateCommit() : writer.writeCommit();
        int c = Math.toIntExact(commit);
        work.segments.putIfAbsent(c, 0);
        work.compact.merge(c, (long) SegmentEntry.HEADER_SIZE, Long::sum);
        for (int u : unused) {
            work.segments.remove(u);
            work.compact.remove(u);
        }
        long written = writer.bytesWritten() - bytesAtMark;
        byte[] k = new byte[32];
        state.lock.writeLock().lock();
        try {
            for (int i = 0; i < moved; i++) {
                System.arraycopy(movedKeys, i * 32, k, 0, 32);
                state.index.put(k, (int) (movedLocations[i] >>> 32), (int) movedLocations[i]);
            }
            state.hints = work;
            state.transactionId = commit;
            state.bytesSinceCheckpoint += written;
        } finally {
            state.lock.writeLock().unlock();
        }
        // committed: a later failure must not remove what this commit covers
        writer.mark();
        bytesAtMark = writer.bytesWritten();
        work = copy(work);
        moved = 0;
        pending = false;
        List<Integer> emptied = new ArrayList<>(unused);
        unused.clear();
        if (!emptied.isEmpty()) {
            // checkpoint before the deletes: a crash after them would otherwise replay from an older checkpoint,
            // and a replay cannot take the counts and quota use of vanished segments out of the hints (borg's
            // cannot either), leaving hints that disagree with the segments for good
            IndexFiles.write(repository, commit, state.index, state.hints, false);
            state.lock.writeLock().lock();
            try {
                state.checkpointTransactionId = commit;
                state.bytesSinceCheckpoint = 0;
            } finally {
                state.lock.writeLock().unlock();
            }
        }
        for (int u : emptied) {
            channels.evict(u);
            files.delete(u);
        }
    }

    private long segmentBytes() {
        long total = 0;
        for (long s : files.list()) {
            total += Math.max(0, files.size(s));
        }
        return total;
    }

    static Hints copy(Hints h) {
        Hints c = new Hints();
        c.segments.putAll(h.segments);
        c.compact.putAll(h.compact);
        c.storageQuotaUse = h.storageQuotaUse;
        c.reserveShadowEntries(h.shadowIndex.size());
        for (Map.Entry<ObjectId, List<Integer>> e : h.shadowIndex.entrySet()) {
            c.shadowIndex.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return c;
    }
}
