package org.repono.engine;

import java.nio.file.Path;

/**
 * A repository's figures, as of the last commit.
 *
 * @param path                          where it lives
 * @param objects                       live objects
 * @param segments                      segment files
 * @param segmentBytes                  bytes of all segment files
 * @param freeableBytes                 bytes compaction could free (sum of hints "compact")
 * @param transactionId                 newest committed segment (borg's transaction id), -1 when none
 * @param indexCheckpointTransaction    N of the newest index.N on disk, -1 when none
 * @param appendOnly                    append-only in force for this session
 * @param storageQuota                  config storage_quota (0 = none)
 * @param storageQuotaUse               hints storage_quota_use
 * @param preparedBranches              prepared transactions waiting for a decision
 */
public record RepositoryStats(Path path, long objects, long segments, long segmentBytes, long freeableBytes,
                              long transactionId, long indexCheckpointTransaction, boolean appendOnly,
                              long storageQuota, long storageQuotaUse, int preparedBranches) {
}
