package org.repono.facade;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository's health as the console shows it, from what is known about it. {@code error}: unavailable, or the
 * newest check ended with unrepaired problems or failed. {@code warning}: never checked, the scheduled check is
 * overdue, the newest check was cancelled, or a prepared branch waits longer than {@link #OLD_BRANCH}.
 *
 * @param health  ok, warning or error
 * @param reasons one sentence per reason (empty when ok)
 */
public record RepositoryHealth(String health, List<String> reasons) {

    public static final Duration OLD_BRANCH = Duration.ofHours(1);

    /**
     * @param unavailable why the repository could not be opened, or null when it is open
     * @param lastCheck   the newest finished check or repair, or null
     * @param oldestBranch when the oldest prepared branch was prepared, or null
     */
    public static RepositoryHealth of(String unavailable, LastCheckView lastCheck, ScheduleView schedule,
                                      Instant oldestBranch, Instant now) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (unavailable != null) {
            errors.add("The repository is unavailable: " + unavailable);
        }
        if (lastCheck == null) {
            warnings.add("No check has finished yet.");
        } else {
            switch (lastCheck.outcome()) {
                case "problems" -> errors.add("The last " + lastCheck.kind() + " (job " + lastCheck.jobId()
                        + ") left problems unrepaired.");
                case "failed" -> errors.add("The last " + lastCheck.kind() + " (job " + lastCheck.jobId()
                        + ") failed.");
                case "cancelled" -> warnings.add("The last " + lastCheck.kind() + " (job " + lastCheck.jobId()
                        + ") was cancelled.");
                default -> { }
            }
            if (schedule.check().enabled() && lastCheck.finished() != null
                    && lastCheck.finished().plus(Duration.ofHours(schedule.check().intervalHours())).isBefore(now)) {
                warnings.add("The scheduled check is overdue: the last one finished at " + lastCheck.finished()
                        + ", more than " + schedule.check().intervalHours() + " hours ago.");
            }
        }
        if (oldestBranch != null && oldestBranch.plus(OLD_BRANCH).isBefore(now)) {
            warnings.add("A prepared transaction has waited for a decision since " + oldestBranch + ".");
        }
        if (!errors.isEmpty()) {
            errors.addAll(warnings);
            return new RepositoryHealth("error", List.copyOf(errors));
        }
        return new RepositoryHealth(warnings.isEmpty() ? "ok" : "warning", List.copyOf(warnings));
    }
}
