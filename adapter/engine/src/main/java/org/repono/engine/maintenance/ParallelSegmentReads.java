package org.repono.engine.maintenance;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.repono.engine.Cancellation;
import org.repono.engine.log.SegmentFiles;

/**
 * Reads a list of segments on {@code threads} threads and hands the results out in segment order. Only a few
 * segments are read ahead of the consumer, so memory stays bounded by their entry lists.
 */
final class ParallelSegmentReads implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final SegmentFiles files;
    private final long[] segments;
    private final boolean planRecovery;
    private final Cancellation cancellation;
    private final AtomicLong bytesRead = new AtomicLong();
    private final ExecutorService pool;
    private final ThreadLocal<SegmentReader> readers;
    private final ArrayDeque<Future<SegmentReading>> ahead = new ArrayDeque<>();
    private final int lookahead;
    private int submitted;

    ParallelSegmentReads(SegmentFiles files, long[] segments, int threads, boolean planRecovery, Cancellation cancellation) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.files = files;
        this.segments = segments;
        this.planRecovery = planRecovery;
        this.cancellation = cancellation;
        this.lookahead = threads + 1;
        int poolNumber = POOLS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "repono-check-" + poolNumber + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
        this.readers = ThreadLocal.withInitial(() -> new SegmentReader(bytesRead, cancellation));
        fill();
    }

    /** Segment bytes read so far by all threads. */
    long bytesRead() {
        return bytesRead.get();
    }

    /**
     * The reading of the next segment in order, or null after the last. {@code whileWaiting} runs about every
     * 100 ms while the next result is not ready (progress reports from the caller's thread).
     */
    SegmentReading next(Runnable whileWaiting) throws InterruptedException {
        Future<SegmentReading> head = ahead.poll();
        if (head == null) {
            return null;
        }
        SegmentReading reading;
        while (true) {
            try {
                reading = head.get(100, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                whileWaiting.run();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("reading a segment failed", cause);
            }
        }
        fill();
        return reading;
    }

    private void fill() {
        while (ahead.size() < lookahead && submitted < segments.length && !cancellation.isCancelled()) {
            long segment = segments[submitted++];
            ahead.add(pool.submit(() -> readers.get().read(segment, files.pathOf(segment), planRecovery)));
        }
    }

    @Override
    public void close() {
        for (Future<SegmentReading> f : ahead) {
            f.cancel(false);
        }
        ahead.clear();
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
