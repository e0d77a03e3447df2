package org.repono.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU of open read channels, one per segment. Each channel is reference-counted: the cache holds one
 * reference, every {@link #acquire} another; the channel closes when the last is released. So a stream keeps
 * reading a segment after it was evicted, or after compaction unlinked the file (POSIX keeps an open file).
 */
public final class SegmentChannels implements AutoCloseable {

    /** One open segment file; release it exactly once per acquire. */
    public static final class Handle implements AutoCloseable {
        private final long segment;
        private final FileChannel channel;
        private int references = 1; // guarded by the owning SegmentChannels

        private final SegmentChannels owner;

        private Handle(SegmentChannels owner, long segment, FileChannel channel) {
            this.owner = owner;
            this.segment = segment;
            this.channel = channel;
        }

        public long segment() {
            return segment;
        }

        public FileChannel channel() {
            return channel;
        }

        /** Releases this reference. */
        @Override
        public void close() {
            owner.release(this);
        }
    }

    private final SegmentFiles files;
    private final int capacity;
    private final LinkedHashMap<Long, Handle> cache = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    public SegmentChannels(SegmentFiles files, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.files = files;
        this.capacity = capacity;
    }

    /** An open channel on the segment; the caller must close the handle. */
    public Handle acquire(long segment) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("segment channels closed");
            }
            Handle h = cache.get(segment);
            if (h != null) {
                h.references++;
                return h;
            }
        }
        // open outside the lock: a slow open must not stall readers of other segments
        FileChannel ch = FileChannel.open(files.pathOf(segment), StandardOpenOption.READ);
        Handle fresh = new Handle(this, segment, ch);
        Handle toClose = null;
        synchronized (this) {
            if (closed) {
                toClose = fresh;
                fresh = null;
            } else {
                Handle raced = cache.get(segment);
                if (raced != null) {
                    raced.references++;
                    toClose = fresh;
                    fresh = raced;
                } else {
                    fresh.references = 2; // the cache's and the caller's
                    cache.put(segment, fresh);
                    trim();
                }
            }
        }
        if (toClose != null) {
            toClose.channel.close();
        }
        if (fresh == null) {
            throw new IOException("segment channels closed");
        }
        return fresh;
    }

    /** Drops the cached channel of a segment (deleted or about to be reused); open handles keep working. */
    public void evict(long segment) {
        Handle h;
        synchronized (this) {
            h = cache.remove(segment);
        }
        if (h != null) {
            release(h);
        }
    }

    /** Drops every cached channel (segments were rewritten in place); open handles keep working. */
    public void evictAll() {
        Handle[] all;
        synchronized (this) {
            all = cache.values().toArray(new Handle[0]);
            cache.clear();
        }
        for (Handle h : all) {
            release(h);
        }
    }

    /** Number of channels the cache holds (for tests and stats). */
    public synchronized int cached() {
        return cache.size();
    }

    private void trim() {
        Iterator<Map.Entry<Long, Handle>> it = cache.entrySet().iterator();
        while (cache.size() > capacity && it.hasNext()) {
            Handle eldest = it.next().getValue();
            it.remove();
            if (--eldest.references == 0) {
                closeQuietly(eldest.channel);
            }
        }
    }

    private void release(Handle h) {
        boolean last;
        synchronized (this) {
            last = --h.references == 0;
        }
        if (last) {
            closeQuietly(h.channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a read channel has nothing to flush
        }
    }

    /** Drops every cached channel; handles still held stay usable until released. */
    @Override
    public void close() {
        Handle[] all;
        synchronized (this) {
            closed = true;
            all = cache.values().toArray(new Handle[0]);
            cache.clear();
        }
        for (Handle h : all) {
            release(h);
        }
    }
}
