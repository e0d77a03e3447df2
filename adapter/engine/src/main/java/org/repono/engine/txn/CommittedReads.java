package org.repono.engine.txn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.repono.engine.IntegrityException;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.RepositoryException;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.log.SegmentChannels;

/**
 * Reads of the committed state: the index lookup and the channel reference are taken under the read lock (so
 * compaction cannot delete the file in between), the positional read itself runs outside it. Readers never
 * block each other; get never returns bytes that fail their checks.
 */
final class CommittedReads {
    private final Path path;
    private final CommittedState state;
    private final SegmentChannels channels;

    CommittedReads(Path path, CommittedState state, SegmentChannels channels) {
        this.path = path;
        this.state = state;
        this.channels = channels;
    }

    byte[] get(byte[] id) {
        Ids.requireId(path, id);
        Located at = locate(id, true);
        try (SegmentChannels.Handle h = at.handle) {
            return SegmentScanner.readPut(h.channel(), at.offset, id, h.segment());
        } catch (SegmentFormatException e) {
            throw new IntegrityException(path, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new RepositoryException(path, "cannot read object " + Ids.hex(id) + ": " + e.getMessage(), e);
        }
    }

    InputStream openStream(byte[] id) {
        Ids.requireId(path, id);
        Located at = locate(id, true);
        try {
            return new CheckedObjectStream(path, SegmentScanner.openPut(at.handle.channel(), at.offset, id,
                    at.handle.segment()), at.handle);
        } catch (SegmentFormatException e) {
            at.handle.close();
            throw new IntegrityException(path, e.getMessage(), e);
        } catch (RuntimeException e) {
            at.handle.close();
            throw e;
        }
    }

    Optional<Long> objectSize(byte[] id) {
        Ids.requireId(path, id);
        Located at = locate(id, false);
        if (at == null) {
            return Optional.empty();
        }
        try (SegmentChannels.Handle h = at.handle) {
            return Optional.of((long) SegmentScanner.readPutSize(h.channel(), at.offset, id, h.segment())
                    - SegmentEntry.PUT_HEADER_SIZE);
        } catch (SegmentFormatException e) {
            throw new IntegrityException(path, e.getMessage(), e);
        }
    }

    boolean contains(byte[] id) {
        Ids.requireId(path, id);
        state.lock.readLock().lock();
        try {
            return state.index.get(id) != HashIndex.NOT_FOUND;
        } finally {
            state.lock.readLock().unlock();
        }
    }

    long size() {
        state.lock.readLock().lock();
        try {
            return state.index.size();
        } finally {
            state.lock.readLock().unlock();
        }
    }

    List<byte[]> list(int limit, byte[] marker) {
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

    long storageQuotaUse() {
        state.lock.readLock().lock();
        try {
            return state.hints.storageQuotaUse;
        } finally {
            state.lock.readLock().unlock();
        }
    }

    private record Located(SegmentChannels.Handle handle, long offset) {
    }

    /** The object's segment channel (a held reference) and offset; null or ObjectNotFound when absent. */
    private Located locate(byte[] id, boolean required) {
        state.lock.readLock().lock();
        try {
            long location = state.index.get(id);
            if (location == HashIndex.NOT_FOUND) {
                if (required) {
                    throw new ObjectNotFoundException(path, id);
                }
                return null;
            }
            long segment = Integer.toUnsignedLong(HashIndex.segment(location));
            return new Located(acquire(segment), Integer.toUnsignedLong(HashIndex.offset(location)));
        } finally {
            state.lock.readLock().unlock();
        }
    }

    private SegmentChannels.Handle acquire(long segment) {
        try {
            return channels.acquire(segment);
        } catch (NoSuchFileException e) {
            throw new IntegrityException(path, "segment " + segment + " is missing", e);
        } catch (IOException e) {
            throw new RepositoryException(path, "cannot open segment " + segment + ": " + e.getMessage(), e);
        }
    }
}
