package org.repono.facade;

import java.time.Instant;

/**
 * A repository's periodic maintenance: a check every {@code intervalHours} and, every {@code intervalHours}, a
 * compaction when the freeable share passes {@code threshold}; with the next times (null when disabled).
 */
public record ScheduleView(Check check, Compaction compaction, Instant nextCheck, Instant nextCompaction) {

    public static final int DEFAULT_CHECK_HOURS = 24;
    public static final int DEFAULT_COMPACTION_HOURS = 168;
    public static final double DEFAULT_THRESHOLD = 0.1;
    public static final int MAX_HOURS = 8760;

    /** Checks off (the default: a check reads every segment), compaction off. */
    public static ScheduleView defaults() {
        return new ScheduleView(new Check(false, DEFAULT_CHECK_HOURS),
                new Compaction(false, DEFAULT_THRESHOLD, DEFAULT_COMPACTION_HOURS), null, null);
    }

    public ScheduleView withNext(Instant nextCheck, Instant nextCompaction) {
        return new ScheduleView(check, compaction, nextCheck, nextCompaction);
    }

    public record Check(boolean enabled, int intervalHours) {
    }

    public record Compaction(boolean enabled, double threshold, int intervalHours) {
    }
}
