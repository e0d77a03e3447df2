package org.repono.engine;

import java.nio.file.Path;
import org.repono.engine.lock.RepositoryLock;
import org.repono.engine.txn.LogStore;

/**
 * Entry points: create, open, destroy, break-lock. The implementation is {@link LogStore}
 * (package {@code org.repono.engine.txn}).
 */
public final class Repositories {
    private Repositories() {
    }

    /** borg init: README, config (all 1.2.4 keys, random id), data/; then opens it. */
    public static Repository create(Path path, RepositoryOptions options) {
        return LogStore.create(path, options, ProgressListener.NONE);
    }

    /** Opens an existing repository: lock, cleanup of uncommitted segments, replay after index.N. */
    public static Repository open(Path path, RepositoryOptions options) {
        return LogStore.open(path, options, ProgressListener.NONE);
    }

    /** As {@link #open(Path, RepositoryOptions)}, reporting the replay of segments after index.N to {@code progress}. */
    public static Repository open(Path path, RepositoryOptions options, ProgressListener progress) {
        return LogStore.open(path, options, progress);
    }

    /** borg destroy: refused in append-only mode; config removed first, then everything else. */
    public static void destroy(Path path, RepositoryOptions options) {
        LogStore.destroy(path, options);
    }

    /** borg break-lock: removes lock.roster and lock.exclusive unconditionally. */
    public static void breakLock(Path path) {
        RepositoryLock.breakLock(path.toAbsolutePath().normalize());
    }
}
