package org.repono.engine.lock;

import java.time.Duration;

/**
 * borg's TimeoutTimer: a deadline (or none) plus the pause between two attempts.
 * Without an explicit pause borg sleeps a tenth of the timeout, at most 60 s, or 1 s when waiting forever.
 */
final class PollTimer {
    private static final long MAX_AUTO_SLEEP_NANOS = Duration.ofSeconds(60).toNanos();
    private static final long FOREVER_SLEEP_NANOS = Duration.ofSeconds(1).toNanos();

    private final Long deadlineNanos;
    private final long sleepNanos;

    private PollTimer(Long deadlineNanos, long sleepNanos) {
        this.deadlineNanos = deadlineNanos;
        this.sleepNanos = sleepNanos;
    }

    /**
     * @param timeout null = never time out
     * @param sleep   null = borg's automatic pause
     */
    static PollTimer start(Duration timeout, Duration sleep) {
        long now = System.nanoTime();
        long pause;
        if (sleep != null) {
            pause = sleep.toNanos();
        } else if (timeout == null) {
            pause = FOREVER_SLEEP_NANOS;
        } else {
            pause = Math.min(MAX_AUTO_SLEEP_NANOS, saturatedNanos(timeout) / 10);
        }
        return new PollTimer(timeout == null ? null : now + saturatedNanos(timeout), pause);
    }

    boolean timedOut() {
        return deadlineNanos != null && System.nanoTime() - deadlineNanos >= 0;
    }

    /** True when the deadline has passed; otherwise pauses and returns false. */
    boolean timedOutOrSleep() throws InterruptedException {
        if (timedOut()) {
            return true;
        }
        if (sleepNanos > 0) {
            Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
        return false;
    }

    private static long saturatedNanos(Duration d) {
        // ~292 years fits; anything longer is "practically forever" and must not overflow the deadline
        return d.compareTo(Duration.ofDays(365L * 100)) > 0 ? Duration.ofDays(365L * 100).toNanos() : d.toNanos();
    }
}
