package org.repono.engine.lock;

import java.nio.file.Path;
import java.time.Duration;

/** borg 1.2.4's repository lock (borg.locking.Lock on {@code <repo>/lock}). */
public final class RepositoryLock implements AutoCloseable {

    private RepositoryLock() {
    }

    /** wait null = forever. hostId null = $BORG_HOST_ID else borg's "fqdn@uuid.getnode() decimal". */
    public static RepositoryLock acquire(Path repo, boolean exclusive, java.time.Duration wait, String hostId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** shared -> exclusive, borg's loop. */
    public void upgrade(Duration wait) {
        throw new UnsupportedOperationException("not yet");
    }

    /** exclusive -> shared. */
    public void downgrade() {
        throw new UnsupportedOperationException("not yet");
    }

    public boolean isExclusive() {
        return false;
    }

    public ProcessIdentity owner() {
        return null;
    }

    /** Releases; idempotent. */
    @Override
    public void close() {
    }

    /** borg break-lock: deletes lock.roster and lock.exclusive unconditionally. */
    public static void breakLock(Path repo) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Reads the lock state without taking it. */
    public static LockStatus inspect(Path repo) {
        throw new UnsupportedOperationException("not yet");
    }
}
