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
     * or {@link #GRACE} from now when that time has passed (a server that was down).
     *
     * @param lastCheck when the newest check finished, or null
     */
    public static Instant check(Instant savedAt, Instant lastCheck, Duration interval, Instant now) {
        Instant anchor = lastCheck != null && lastCheck.isAfter(savedAt) ? lastCheck : savedAt;
        Instant due = anchor.plus(interval);
        return due.isBefore(now) ? now.plus(GRACE) : due;
    }

    /**
     * The next compaction look: the first point after now of the grid {@code savedAt + interval / 2 + k * interval}.
     * Half an interval off the checks' times: with equal intervals both would fall due at the same moment, and
     * the one started first would make the other skip its turn (one job at a time) every time.
     */
    public static Instant compaction(Instant savedAt, Duration interval, Instant now) {
        Instant first = savedAt.plus(interval.dividedBy(2));
        if (now.isBefore(first)) {
            return first;
        }
        long periods = Duration.between(first, now).toMillis() / interval.toMillis() + 1;
        return first.plus(interval.multipliedBy(periods));
    }
}
