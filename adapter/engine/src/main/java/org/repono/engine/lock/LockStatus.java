package org.repono.engine.lock;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a console shows about a repository's borg lock, read without taking it.
 *
 * @param repository       the repository directory
 * @param exclusiveHolders holders of lock.exclusive (its files) and of the roster's "exclusive" list
 * @param sharedHolders    the roster's "shared" list
 */
public record LockStatus(Path repository, List<Holder> exclusiveHolders, List<Holder> sharedHolders) {

    /**
     * One holder as found on disk.
     *
     * @param identity who holds it; null when the lock file's name does not parse (borg treats that as held)
     * @param rawName  the name as found (lock file name, or the roster entry as text)
     * @param alive    false only when borg's stale rule says it is dead (same host id, thread 0, pid gone)
     * @param since    when the entry was written, if the file system tells; null if unknown
     */
    public record Holder(ProcessIdentity identity, String rawName, boolean alive, Instant since) {
    }

    /** True when anyone (alive or stale) is listed. */
    public boolean isLocked() {
        return !exclusiveHolders.isEmpty() || !sharedHolders.isEmpty();
    }
}
