package org.repono.facade.schedule;

import java.time.Duration;
import java.time.Instant;

/** When periodic maintenance is due next. */
public final class NextRun {

    /** An overdue run starts this long after the server (or the schedule) says so: never in the boot's rush. */
    public static final Duration GRACE = Duration.ofMinutes(1);

    private NextRun() {
    }

    /**
     * The next check: {@code interval} after the newest check (or, with none since, after the schedule was saved),
     * or {@link #GRACE} from now when that time has passed.
     *
     * @param lastCheck when the newest check finished, or null
     */
    public static Instant check(Instant savedAt, Instant lastCheck, Duration interval, Instant now) {
        Instant anchor = lastCheck != null && lastCheck.isAfter(savedAt) ? lastCheck : savedAt;
        Instant due = anchor.plus(interval);
        Instant earliest = now.plus(GRACE);
        return due.isBefore(earliest) ? earliest : due;
    }

    /** The next compaction look: the first point of the grid {@code savedAt + k * interval} after now. */
    public static Instant compaction(Instant savedAt, Duration interval, Instant now) {
        if (!now.isAfter(savedAt)) {
            return savedAt.plus(interval);
        }
        long periods = Duration.between(savedAt, now).toMillis() / interval.toMillis() + 1;
        return savedAt.plus(interval.multipliedBy(periods));
    }
}
