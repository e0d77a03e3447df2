package org.repono.engine;

import java.nio.file.Path;

/**
 * Entry points: create, open, destroy, break-lock. PLACEHOLDER BODIES: replaced by the engine's
 * implementation (org.repono.engine.txn) — signatures are the contract.
 */
public final class Repositories {
    private Repositories() {
    }

    /** borg init: README, config (all 1.2.4 keys, random id), data/; then opens it. */
    public static Repository create(Path path, RepositoryOptions options) {
        throw new UnsupportedOperationException("engine not built yet");
    }

    /** Opens an existing repository: lock, cleanup of uncommitted segments, replay after index.N. */
    public static Repository open(Path path, RepositoryOptions options) {
        throw new UnsupportedOperationException("engine not built yet");
    }

    /** borg destroy: refused in append-only mode; config removed first, then everything else. */
    public static void destroy(Path path, RepositoryOptions options) {
        throw new UnsupportedOperationException("engine not built yet");
    }

    /** borg break-lock: removes lock.roster and lock.exclusive unconditionally. */
    public static void breakLock(Path path) {
        throw new UnsupportedOperationException("engine not built yet");
    }
}
