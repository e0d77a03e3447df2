package org.repono.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Early write-back of a file being appended to: once {@link #STEP} bytes were written since the last sync, an
 * fdatasync runs on a helper thread while the writer goes on, so the disk writes while the data is produced and
 * the final sync finds little left (borg 1.2.4 calls sync_file_range every 16 MiB for the same reason; Java has
 * no sync_file_range, an fdatasync on another thread does the same work). Only large writes ever start one: a
 * small commit never reaches the step. The helper thread exists only while there is something to sync.
 *
 * <p>Not thread-safe: one writer calls {@link #wrote}, {@link #await} and {@link #close}.
 */
public final class Writeback implements AutoCloseable {
    /** Bytes written between two background syncs. */
    public static final long STEP = 32L << 20;

    private final String threadName;
    private ExecutorService helper;
    private Future<?> running;
    private long unsynced;

    public Writeback(String threadName) {
        this.threadName = threadName;
    }

    /**
     * {@code bytes} were just written to {@code ch}: starts a background fdatasync of it when a step is full and
     * none is running. Throws what an earlier background sync failed with.
     */
    public void wrote(FileChannel ch, long bytes) throws IOException {
        unsynced += bytes;
        if (unsynced < STEP) {
            return;
        }
        if (running != null) {
            if (!running.isDone()) {
                return;
            }
            await();
        }
        if (helper == null) {
            helper = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        unsynced = 0;
        running = helper.submit(() -> {
            ch.force(false);
            return null;
        });
    }

    /**
     * Waits for the background sync, if one runs, and throws what it failed with: a file whose sync failed must
     * not be taken as durable by the sync that follows. Call before the file's own fdatasync or close.
     */
    public void await() throws IOException {
        Future<?> f = running;
        running = null;
        if (f == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("background fdatasync failed: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A new file starts: nothing of it is written yet. Waits for a sync still running on the previous one. */
    public void restart() throws IOException {
        await();
        unsynced = 0;
    }

    /** Waits for the running sync, ignoring its outcome (the file is being dropped), and ends the helper thread. */
    @Override
    public void close() {
        try {
            await();
        } catch (IOException ignored) {
            // the caller is dropping or has already synced the file: a late failure changes nothing
        }
        if (helper != null) {
            helper.shutdown();
            helper = null;
        }
    }
}
