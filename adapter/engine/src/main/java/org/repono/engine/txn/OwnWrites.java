package org.repono.engine.txn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.HashIndex;

/**
 * The count and the paged list as a transaction sees them (read committed + own writes): the committed index merged
 * with the transaction's staged puts and deletes, under one read lock, so that an answer is consistent with itself.
 * Order of the list: the committed ids in borg's order (hash-index buckets) minus those the transaction deleted (an
 * id it replaced keeps its committed place), then the ids only the transaction holds, in the order it staged them.
 * A marker that is such an own id continues in that tail; any other marker goes to the index as borg's would.
 */
final class OwnWrites {

    private OwnWrites() {
    }

    static long size(CommittedState state, Staging staging) {
        state.lock.readLock().lock();
        try {
            long n = state.index.size();
            byte[] keys = staging.keys();
            for (int r = staging.nextLive(0); r >= 0; r = staging.nextLive(r + 1)) {
                boolean committed = state.index.get(keys, r * 32) != HashIndex.NOT_FOUND;
                boolean put = staging.tag(r) == SegmentEntry.TAG_PUT;
                if (put && !committed) {
                    n++;
                } else if (!put && committed) {
                    n--;
                }
            }
            return n;
        } finally {
            state.lock.readLock().unlock();
        }
    }

    static List<byte[]> list(Path path, CommittedState state, Staging staging, int limit, byte[] marker) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        if (marker != null) {
            Ids.requireId(path, marker);
        }
        List<byte[]> out = new ArrayList<>(Math.min(limit, 1024));
        if (limit == 0) {
            return out;
        }
        state.lock.readLock().lock();
        try {
            HashIndex index = state.index;
            int markerRecord = marker == null ? -1 : staging.find(marker);
            boolean inOwnTail = markerRecord >= 0 && staging.tag(markerRecord) == SegmentEntry.TAG_PUT
                    && index.get(marker) == HashIndex.NOT_FOUND;
            if (!inOwnTail) {
                byte[] cursor = marker;
                while (true) {
                    int want = limit - out.size();
                    List<byte[]> batch = index.list(want, cursor);
                    for (byte[] id : batch) {
                        cursor = id;
                        int r = staging.find(id);
                        if (r < 0 || staging.tag(r) == SegmentEntry.TAG_PUT) {
                            out.add(id);
                        }
                    }
                    if (out.size() == limit) {
                        return out;
                    }
                    if (batch.size() < want) {
                        break; // the committed ids are done: the transaction's own follow
                    }
                }
            }
            byte[] keys = staging.keys();
            for (int r = staging.nextLive(inOwnTail ? markerRecord + 1 : 0); r >= 0 && out.size() < limit;
                    r = staging.nextLive(r + 1)) {
                if (staging.tag(r) == SegmentEntry.TAG_PUT && index.get(keys, r * 32) == HashIndex.NOT_FOUND) {
                    out.add(Arrays.copyOfRange(keys, r * 32, r * 32 + 32));
                }
            }
            return out;
        } finally {
            state.lock.readLock().unlock();
        }
    }
}
