package org.repono.engine.cli;

import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code init REPO}: creates an empty repository as {@code borg init --encryption=none} lays it out. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a new, empty repository (borg 1.2.4 layout, like borg init --encryption=none).")
final class InitCommand extends RepositoryCommand {
    /** borg refuses quotas below 10M (archiver.parse_storage_quota). */
    static final long MIN_STORAGE_QUOTA = 10_000_000L;
    /** Offsets in index.N are u32: borg's MAX_SEGMENT_SIZE_LIMIT = 2**32 - MAX_OBJECT_SIZE (exclusive). */
    static final long MAX_SEGMENT_SIZE_LIMIT = (1L << 32) - (20_971_479L + 41);

    @Option(names = "--append-only", description = "create the repository in append-only mode")
    boolean appendOnly;

    @Option(names = "--max-segment-size", paramLabel = "SIZE",
            description = "config max_segment_size, e.g. 500M (default 524288000, as borg)")
    String maxSegmentSize;

    @Option(names = "--segments-per-dir", paramLabel = "N", description = "config segments_per_dir (default 1000)")
    Integer segmentsPerDir;

    @Option(names = "--storage-quota", paramLabel = "SIZE",
            description = "config storage_quota, e.g. 10G (at least 10M, as borg; default none)")
    String storageQuota;

    @Override
    int run() {
        RepositoryOptions options = root.options(true).withAppendOnly(appendOnly);
        if (maxSegmentSize != null) {
            long v = ByteSizeArgument.parse("--max-segment-size", maxSegmentSize);
            if (v < 1 || v >= MAX_SEGMENT_SIZE_LIMIT) {
                throw new IllegalArgumentException("--max-segment-size '" + maxSegmentSize
                        + "' must be at least 1 byte and below " + MAX_SEGMENT_SIZE_LIMIT + " bytes (as borg)");
            }
            options = options.withMaxSegmentSize(v);
        }
        if (segmentsPerDir != null) {
            if (segmentsPerDir < 1) {
                throw new IllegalArgumentException("--segments-per-dir '" + segmentsPerDir + "' must be 1 or more");
            }
            options = options.withSegmentsPerDir(segmentsPerDir);
        }
        if (storageQuota != null) {
            long v = ByteSizeArgument.parse("--storage-quota", storageQuota);
            if (v < MIN_STORAGE_QUOTA) {
                throw new IllegalArgumentException("--storage-quota '" + storageQuota
                        + "' is too small: at least 10M are required (as borg)");
            }
            options = options.withStorageQuota(v);
        }
        try (Repository r = Repositories.create(repository, options)) {
            return ExitCode.OK;
        }
    }
}
