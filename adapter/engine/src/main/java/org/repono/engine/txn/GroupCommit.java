package org.repono.engine.txn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.HashIndex;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentWriter;

/**
 * Writes the transactions of one batch as ONE log commit (FORMAT §6.4/§6.5): their entries appended to the data
 * segment (a put over a live id = DELETE then PUT, with borg's hints bookkeeping), then the COMMIT in a segment
 * of its own. The committed index and hints are not touched until {@link #apply} (invariant 1); meanwhile the
 * batch's own changes live in an overlay, so a later transaction of the batch sees an earlier one's writes.
 * Costs O(size of the batch): one index lookup per entry, never a pass over the index.
 */
final class GroupCommit {
    private static final long DELETED = -1;

    private final CommittedState state;
    private final SegmentWriter writer;
    private final SegmentChannels channels;

    private final StagedKeys overlay = new StagedKeys();
    private byte[] overlayKeys = new byte[32 * 16];
    private long[] overlayLocation = new long[16];
    private int[] overlaySize = new int[16];
    private int overlayCount;

    /** The batch's last transaction: applied from its records and where they went, no overlay. */
    private Staging lastStaging;
    private long[] lastPlaced;
    /** A record of the last transaction that wrote nothing (superseded in memory, or a delete that was a no-op). */
    private static final long UNTOUCHED = -2;

    private final HintsChanges changes = new HintsChanges();
    private final ByteBuffer deleteEntry = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];
    private long transactionId = -1;
    private int entries;
    private long bytes;

    GroupCommit(CommittedState state, SegmentWriter writer, SegmentChannels channels) {
        this.state = state;
        this.writer = writer;
        this.channels = channels;
    }

    /**
     * Writes the batch and its COMMIT, durably. Returns the new transaction id, or -1 when the batch had
     * nothing to write (only deletes of ids that are gone by now).
     */
    long write(List<CommitRequest> batch) throws IOException {
        long before = writer.bytesWritten();
        for (int i = 0; i < batch.size(); i++) {
            CommitRequest request = batch.get(i);
            Staging staging = request.staging();
            // the batch's last transaction needs no overlay: nothing after it looks its keys up
            boolean last = i == batch.size() - 1;
            if (staging.files() != null) {
                adoptFiles(staging, last);
            } else {
                long[] placed = last ? untouched(staging.records()) : null;
                byte[] keys = staging.keys();
                for (int r = staging.nextLive(0); r >= 0; r = staging.nextLive(r + 1)) {
                    System.arraycopy(keys, r * 32, key, 0, 32);
                    if (staging.tag(r) == SegmentEntry.TAG_PUT) {
                        put(staging, r, placed);
                    } else {
                        delete(r, placed);
                    }
                }
                if (last) {
                    lastStaging = staging;
                    lastPlaced = placed;
                }
            }
            if (request.marker() != null) {
                // borg ignores a DELETE of a key it never saw; its presence in the log proves the branch committed
                writeDelete(request.marker());
                changes.shadowInit(request.marker());
            }
        }
        if (entries == 0) {
            return -1;
        }
        transactionId = writer.writeCommit();
        changes.refs(transactionId, 0);
        changes.freeable(transactionId, SegmentEntry.HEADER_SIZE);
        bytes = writer.bytesWritten() - before;
        return transactionId;
    }

    /** Log bytes this commit wrote. */
    long bytes() {
        return bytes;
    }

    /**
     * A transaction staged in segment files: they become the log's next segments as they are (renamed, not
     * copied), after the DELETEs its puts over live ids need - written to the open data segment, so each DELETE
     * precedes its PUT in the log. The hints bookkeeping then follows the files' entries in log order, as borg's
     * puts and deletes would have done it while writing them.
     */
    private void adoptFiles(Staging staging, boolean last) throws IOException {
        byte[] keys = staging.keys();
        int n = staging.records();
        for (int r = 0; r < n; r++) {
            if (staging.position(r) == Staging.NOWHERE || staging.previous(r) >= 0 || staging.tag(r) != SegmentEntry.TAG_PUT) {
                continue;
            }
            System.arraycopy(keys, r * 32, key, 0, 32);
            long old = lookup();
            if (old != HashIndex.NOT_FOUND) {
                long s = Integer.toUnsignedLong(HashIndex.segment(old));
                changes.shadowAppend(key, s); // borg#6687, as in put()
                changes.refs(s, -1);
                freeSuperseded(old);
                writeDelete(key);
            }
        }
        PreSegments files = staging.files();
        long[] segmentOf = new long[files.files()];
        for (int f = 0; f < segmentOf.length; f++) {
            Path file = files.path(f);
            segmentOf[f] = writer.adopt(file, Files.size(file));
            files.adopted(f);
        }
        long[] placed = untouched(n);
        for (int r = 0; r < n; r++) {
            long position = staging.position(r);
            if (position == Staging.NOWHERE) {
                continue;
            }
            long location = (segmentOf[PreSegments.fileOf(position)] << 32) | PreSegments.offsetOf(position);
            long s = location >>> 32;
            int size = staging.entrySize(r);
            entries++;
            System.arraycopy(keys, r * 32, key, 0, 32);
            if (staging.tag(r) == SegmentEntry.TAG_PUT) {
                placed[r] = location;
                changes.quota(size);
                changes.refs(s, 1);
                if (!last) {
                    remember(location, size);
                }
                continue;
            }
            placed[r] = DELETED;
            int p = staging.previous(r);
            long old = p >= 0 ? placed[p] : lookup();
            if (old != DELETED && old != HashIndex.NOT_FOUND) {
                long os = Integer.toUnsignedLong(HashIndex.segment(old));
                changes.shadowAppend(key, os);
                changes.refs(os, -1);
                if (p >= 0) {
                    changes.freeable(os, staging.entrySize(p));
                } else {
                    freeSuperseded(old);
                }
            }
            changes.freeable(s, SegmentEntry.PUT_HEADER_SIZE);
            changes.refs(s, 0);
            if (!last) {
                remember(DELETED, 0);
            }
        }
        if (last) {
            lastStaging = staging;
            lastPlaced = placed;
        }
    }

    private static long[] untouched(int records) {
        long[] placed = new long[records];
        java.util.Arrays.fill(placed, UNTOUCHED);
        return placed;
    }

    /** @param placed the last transaction's record locations (null: remember in the overlay instead) */
    private void put(Staging staging, int record, long[] placed) throws IOException {
        long old = lookup();
        if (old != HashIndex.NOT_FOUND) {
            // a put over a live id: DELETE first, WITH a shadow entry. borg 1.2.4 skips it
            // (update_shadow_index=False); then compaction may drop both this DELETE and a later one while the old
            // PUT survives elsewhere, and a rebuilt index resurrects the object (borg#6687, fixed in borg 1.2.7)
            long s = Integer.toUnsignedLong(HashIndex.segment(old));
            changes.shadowAppend(key, s);
            changes.refs(s, -1);
            freeSuperseded(old);
            writeDelete(key);
        }
        long location = staging.appendTo(record, writer);
        entries++;
        int size = staging.entrySize(record);
        changes.quota(size);
        changes.refs(location >>> 32, 1);
        if (placed != null) {
            placed[record] = location;
        } else {
            remember(location, size);
        }
    }

    private void delete(int record, long[] placed) throws IOException {
        long old = lookup();
        if (old == HashIndex.NOT_FOUND) {
            return; // gone by now: last commit wins, the delete is a no-op
        }
        long s = Integer.toUnsignedLong(HashIndex.segment(old));
        changes.shadowAppend(key, s);
        changes.refs(s, -1);
        freeSuperseded(old);
        writeDelete(key);
        if (placed != null) {
            placed[record] = DELETED;
        } else {
            remember(DELETED, 0);
        }
    }

    private void writeDelete(byte[] k) throws IOException {
        deleteEntry.clear();
        SegmentEntry.writeDeleteEntry(deleteEntry, k);
        deleteEntry.flip();
        long location;
        try {
            location = writer.append(deleteEntry, k, false);
        } catch (SegmentWriter.SegmentFullException e) {
            throw new IllegalStateException(e);
        }
        entries++;
        long s = location >>> 32;
        changes.freeable(s, SegmentEntry.PUT_HEADER_SIZE);
        changes.refs(s, 0);
    }

    /** Where key lives as this batch sees it: the overlay first, then the committed index. */
    private long lookup() {
        int i = overlay.get(key, 0, overlayKeys);
        if (i != StagedKeys.ABSENT) {
            return overlayLocation[i] == DELETED ? HashIndex.NOT_FOUND : overlayLocation[i];
        }
        return state.index.get(key);
    }

    /**
     * compact[segment] += the size of the superseded PUT at location: known when this batch wrote it, else read
     * later from its header, with all the others at once (borg reads it here, one random read per entry).
     */
    private void freeSuperseded(long location) {
        long s = Integer.toUnsignedLong(HashIndex.segment(location));
        int i = overlay.get(key, 0, overlayKeys);
        if (i != StagedKeys.ABSENT && overlayLocation[i] == location) {
            changes.freeable(s, overlaySize[i]);
        } else {
            changes.freeableLater(location);
        }
    }

    private void remember(long location, int size) {
        int i = overlay.get(key, 0, overlayKeys);
        if (i == StagedKeys.ABSENT) {
            if (overlayCount == overlayLocation.length) {
                int n = overlayCount * 2;
                overlayKeys = Arrays.copyOf(overlayKeys, n * 32);
                overlayLocation = Arrays.copyOf(overlayLocation, n);
                overlaySize = Arrays.copyOf(overlaySize, n);
            }
            i = overlayCount++;
            System.arraycopy(key, 0, overlayKeys, i * 32, 32);
            overlay.put(i, overlayKeys);
        }
        overlayLocation[i] = location;
        overlaySize[i] = size;
    }

    /** Makes the written commit visible; call under the state's write lock, after {@link #write} returned. */
    void apply() {
        byte[] k = new byte[32];
        for (int i = 0; i < overlayCount; i++) {
            System.arraycopy(overlayKeys, i * 32, k, 0, 32);
            long location = overlayLocation[i];
            if (location == DELETED) {
                state.index.remove(k);
            } else {
                state.index.put(k, (int) (location >>> 32), (int) location);
            }
        }
        if (lastStaging != null) {
            // in log order, as borg's index saw them: a later entry of an id overrides an earlier one
            byte[] keys = lastStaging.keys();
            for (int r = 0; r < lastPlaced.length; r++) {
                if (lastPlaced[r] == UNTOUCHED) {
                    continue;
                }
                System.arraycopy(keys, r * 32, k, 0, 32);
                long location = lastPlaced[r];
                if (location == DELETED) {
                    state.index.remove(k);
                } else {
                    state.index.put(k, (int) (location >>> 32), (int) location);
                }
            }
        }
        changes.applyTo(state.hints, state.pendingFreeable);
        state.transactionId = transactionId;
        state.bytesSinceCheckpoint += bytes;
    }
}
