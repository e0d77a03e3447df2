package org.repono.engine.index;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.FileDigest;

/**
 * Feeds the slices of a file being read into its digest on a thread of its own, in order, so that hashing
 * overlaps the reading and scanning of the next slices. The slices must not change until {@link #finish}
 * returned; after it, the digest holds every slice (the thread's writes are visible: it was joined).
 */
final class SliceHasher {
    private record Slice(byte[] bytes, int off, int len) {
    }

    private static final Slice END = new Slice(null, 0, 0);

    private final BlockingQueue<Slice> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;
    private final Path name;
    private volatile Throwable failure;

    SliceHasher(FileDigest digest, Path name) {
        this.name = name;
        this.thread = new Hashing(digest);
        thread.start();
    }

    /** A named class, not a lambda: a young JVM spins a class for a lambda at its first use. */
    private final class Hashing extends Thread {
        private final FileDigest digest;

        Hashing(FileDigest digest) {
            super("repono-index-hash");
            this.digest = digest;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Slice s;
                try {
                    s = queue.take();
                } catch (InterruptedException e) {
                    failure = e; // no one interrupts this thread; should anyone, finish() reports it
                    continue; // and the reader still gets its slices taken
                }
                if (s == END) {
                    return;
                }
                if (failure == null) {
                    try {
                        digest.update(s.bytes(), s.off(), s.len());
                    } catch (RuntimeException | Error e) {
                        failure = e; // keeps taking slices, so that the reader never waits for a full queue
                    }
                }
            }
        }
    }

    void add(byte[] bytes, int off, int len) {
        put(new Slice(bytes, off, len));
    }

    /** Waits until every slice added is in the digest (also after a failed read: the thread ends either way). */
    void finish() {
        put(END);
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new FileAccessException(name, "hash index", new java.io.IOException(failure));
        }
    }

    private void put(Slice s) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(s);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
