package org.repono.engine;

import java.time.Duration;

/**
 * How a repository is created or opened. Values of 0 / null mean "borg 1.2.4's default" (create) or
 * "what the config says" (open).
 *
 * @param appendOnly       open: the caller can only turn append-only on, never off; create: written to config
 * @param lockWait         how long to wait for borg's lock; null = wait forever (borg's library default)
 * @param exclusive        take the exclusive lock for the whole session (an engine that writes keeps it);
 *                         false = shared lock, upgraded when a write transaction or replay needs it
 * @param maxSegmentSize   create only: config max_segment_size (0 = 524288000)
 * @param segmentsPerDir   create only: config segments_per_dir (0 = 1000)
 * @param storageQuota     create only: config storage_quota in bytes (0 = none)
 * @param checkpointBytes  log bytes written since the last index.N after which the index is checkpointed
 *                         (0 = the engine's default); the index is also checkpointed on close
 * @param spillBytes       bytes a transaction stages in memory before spilling to a file (0 = default)
 * @param lockHostId       borg's lock host id; null = $BORG_HOST_ID, else "fqdn@node" as borg computes it
 */
public record RepositoryOptions(boolean appendOnly,
                                Duration lockWait,
                                boolean exclusive,
                                long maxSegmentSize,
                                int segmentsPerDir,
                                long storageQuota,
                                long checkpointBytes,
                                long spillBytes,
                                String lockHostId) {

    /** borg's defaults, an exclusive lock waited for at most 1 s (borg's CLI default). */
    public static RepositoryOptions defaults() {
        return new RepositoryOptions(false, Duration.ofSeconds(1), true, 0, 0, 0, 0, 0, null);
    }

    public RepositoryOptions withAppendOnly(boolean v) {
        return new RepositoryOptions(v, lockWait, exclusive, maxSegmentSize, segmentsPerDir, storageQuota, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withLockWait(Duration v) {
        return new RepositoryOptions(appendOnly, v, exclusive, maxSegmentSize, segmentsPerDir, storageQuota, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withExclusive(boolean v) {
        return new RepositoryOptions(appendOnly, lockWait, v, maxSegmentSize, segmentsPerDir, storageQuota, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withMaxSegmentSize(long v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, v, segmentsPerDir, storageQuota, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withSegmentsPerDir(int v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, maxSegmentSize, v, storageQuota, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withStorageQuota(long v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, maxSegmentSize, segmentsPerDir, v, checkpointBytes, spillBytes, lockHostId);
    }

    public RepositoryOptions withCheckpointBytes(long v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, maxSegmentSize, segmentsPerDir, storageQuota, v, spillBytes, lockHostId);
    }

    public RepositoryOptions withSpillBytes(long v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, maxSegmentSize, segmentsPerDir, storageQuota, checkpointBytes, v, lockHostId);
    }

    public RepositoryOptions withLockHostId(String v) {
        return new RepositoryOptions(appendOnly, lockWait, exclusive, maxSegmentSize, segmentsPerDir, storageQuota, checkpointBytes, spillBytes, v);
    }
}
