package org.repono.engine.maintenance;

import java.nio.file.Path;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.index.HashIndex;

/** borg check --repository-only [--repair] (FORMAT §6.8). SIGNATURES PUBLISHED FIRST; bodies follow. */
public final class RepositoryCheck {
    private final Path repoDir;
    private final RepositoryConfig config;
    private final int threads;

    public RepositoryCheck(Path repoDir, RepositoryConfig config, int threads) {
        this.repoDir = repoDir;
        this.config = config;
        this.threads = threads;
    }

    /**
     * Non-repair check. committedIndex: the index readers use now (null -> load index.N from disk). The caller
     * blocks commits and compaction during the call; readers go on. transactionId -1 = work it out as borg does.
     */
    public CheckReport check(HashIndex committedIndex, long transactionId, ProgressListener progress,
                             Cancellation cancellation) {
        throw new UnsupportedOperationException("check not built yet");
    }

    /** Repair (caller holds the exclusive lock, no transaction open, reloads its state afterwards). */
    public CheckReport repair(ProgressListener progress, Cancellation cancellation) {
        throw new UnsupportedOperationException("repair not built yet");
    }
}
