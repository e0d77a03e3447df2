package org.repono.facade;

import java.time.Instant;

/**
 * The newest finished check or repair of a repository.
 *
 * @param outcome clean, repaired, problems, failed or cancelled
 */
public record LastCheckView(String jobId, String kind, String outcome, Instant finished) {

    /** Whether it leaves the repository in doubt: unrepaired problems or no verdict at all. */
    public boolean failed() {
        return "problems".equals(outcome) || "failed".equals(outcome);
    }
}
