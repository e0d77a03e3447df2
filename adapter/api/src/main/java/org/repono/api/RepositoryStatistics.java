package org.repono.api;

/**
 * A repository's figures as of its last commit.
 *
 * @param name                       configured name
 * @param path                       where it lives on the server
 * @param objects                    live objects
 * @param segments                   segment files
 * @param segmentBytes               bytes on disk in segment files
 * @param freeableBytes              bytes compaction could free
 * @param transactionId              borg transaction id (newest committed segment)
 * @param indexCheckpointTransaction N of the newest index.N
 * @param appendOnly                 append-only mode
 * @param storageQuota               0 = none
 * @param storageQuotaUse            bytes counted against the quota
 * @param preparedBranches           in-doubt XA branches
 * @param freeDiskBytes              free bytes on the repository's file system
 */
public record RepositoryStatistics(String name, String path, long objects, long segments, long segmentBytes,
                                   long freeableBytes, long transactionId, long indexCheckpointTransaction,
                                   boolean appendOnly, long storageQuota, long storageQuotaUse, int preparedBranches,
                                   long freeDiskBytes) {
}
