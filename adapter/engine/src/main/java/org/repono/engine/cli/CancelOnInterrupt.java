package org.repono.engine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.repono.engine.Cancellation;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) during a long check or compaction into a {@link Cancellation}, then holds the
 * JVM's shutdown until the work has reached its safe point and returned, so that an interrupted command
 * leaves the repository as consistent as a finished one.
 */
final class CancelOnInterrupt implements AutoCloseable {
    /** Longer than any safe point should take, short enough that a hung engine does not block kill forever. */
    private static final long MAX_WAIT_SECONDS = 60;

    private final Cancellation cancellation = new Cancellation();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    CancelOnInterrupt() {
        hook = new Thread(() -> {
            cancellation.cancel();
            try {
                finished.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "repono-cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the latch above lets it finish
        }
    }
}
