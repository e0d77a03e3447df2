package org.repono.facade;

import java.time.Instant;

/**
 * A maintenance job as it is now.
 *
 * @param kind             check, repair or compact
 * @param threshold        compact only, else null
 * @param trigger          manual or schedule
 * @param requestedBy      the user, null for scheduled jobs
 * @param state            queued, running, succeeded, failed or cancelled
 * @param progress         0..1
 * @param eta              estimated end while running, from the rate so far; else null
 * @param remainingSeconds eta minus now, null whenever eta is
 * @param elapsedSeconds   since started (to finished once ended), 0 while queued
 * @param result           null until it ends
 */
public record JobView(String id, String repository, String kind, Double threshold, String trigger,
                      String requestedBy, String state, boolean cancelRequested, double progress, long bytesDone,
                      long bytesTotal, Instant created, Instant started, Instant finished, Instant eta,
                      Double remainingSeconds, double elapsedSeconds, JobResultView result) {

    public boolean active() {
        return "queued".equals(state) || "running".equals(state);
    }
}
