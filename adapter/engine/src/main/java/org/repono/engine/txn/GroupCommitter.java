package org.repono.engine.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The commit queue: committing threads enqueue and wait; one writer thread takes everything waiting and hands
 * it to the batch writer as one group, so N concurrent commits cost one log commit (4 syncs) instead of N.
 * A batch grows naturally while the previous one is being synced.
 */
final class GroupCommitter implements AutoCloseable {
    private final LinkedBlockingQueue<CommitRequest> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<CommitRequest>> batchWriter;
    private final Thread thread;
    private volatile boolean stopping;

    GroupCommitter(String name, Consumer<List<CommitRequest>> batchWriter) {
        this.batchWriter = batchWriter;
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                GroupCommitter.this.run();
            }
        }, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Enqueues; the request's future tells the outcome. Synchronized with close: nothing slips in after it. */
    synchronized void submit(CommitRequest request) {
        if (stopping) {
            throw new IllegalStateException("the commit queue is closed");
        }
        queue.add(request);
    }

    private void run() {
        List<CommitRequest> batch = new ArrayList<>();
        while (true) {
            CommitRequest first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only close() ends the loop, after the queue is empty
            }
            if (first == null) {
                if (stopping && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch);
            try {
                batchWriter.accept(batch);
            } catch (Throwable t) {
                for (CommitRequest r : batch) {
                    r.done().completeExceptionally(t);
                }
            }
        }
    }

    /** Stops taking new requests, lets the queued ones commit, and waits for the writer thread to end. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
