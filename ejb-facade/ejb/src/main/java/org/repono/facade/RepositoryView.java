package org.repono.facade;

import java.util.List;

/**
 * One repository as the REST API's {@code Repository} shows it: identity, state, health, figures as of the last
 * commit (null when it could not be opened), the newest check, the schedule and the active job.
 */
public record RepositoryView(String name, String path, String mode, String state, String stateDetail, String health,
                             List<String> healthReasons, Long objects, Long segments, Long segmentBytes,
                             Long freeableBytes, Long transactionId, Long indexCheckpointTransaction,
                             Boolean appendOnly, Long storageQuota, Long storageQuotaUse, Integer preparedBranches,
                             LastCheckView lastCheck, ScheduleView schedule, JobView activeJob) {

    public static final String OPEN = "open";
    public static final String UNAVAILABLE = "unavailable";
}
