package org.repono.engine;

import java.time.Duration;
import java.util.List;

/**
 * What check (and repair) found.
 *
 * @param problems        every problem, in the order found
 * @param segmentsChecked segment files read
 * @param entriesChecked  entries whose CRC was verified
 * @param bytesChecked    segment bytes read
 * @param objects         live objects in the rebuilt index
 * @param repair          whether this was a repair run
 * @param repaired        repair run that ended with a committed, clean repository
 * @param cancelled       stopped by {@link Cancellation} before the end (then nothing was changed)
 * @param duration        wall time
 */
public record CheckReport(List<CheckProblem> problems, long segmentsChecked, long entriesChecked, long bytesChecked,
                          long objects, boolean repair, boolean repaired, boolean cancelled, Duration duration) {
    /** No problem found (a cancelled run is never clean). */
    public boolean clean() {
        return problems.isEmpty() && !cancelled;
    }
}
