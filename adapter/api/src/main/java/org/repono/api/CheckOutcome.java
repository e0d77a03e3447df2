package org.repono.api;

import java.time.Duration;
import java.util.List;

/** What a check or repair found and did. */
public record CheckOutcome(boolean repair, List<CheckProblemReport> problems, long segmentsChecked,
                           long bytesChecked, long objects, boolean repaired, boolean cancelled, Duration duration) {
    public boolean clean() {
        return problems.isEmpty() && !cancelled;
    }
}
