package org.repono.engine.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.repono.engine.LockTimeoutException;
import org.repono.engine.RepositoryException;

/**
 * borg 1.2.4's repository lock ({@code borg.locking.Lock} on {@code <repo>/lock}), so that real borg
 * and this engine exclude each other.
 *
 * <p>Shared: take {@code lock.exclusive}, add ourselves to the roster's "shared" list, let go of
 * {@code lock.exclusive}. Exclusive: take {@code lock.exclusive}; if nobody is listed as shared, list
 * ourselves as "exclusive" and keep holding it until {@link #close()}; else let go, sleep 0.2 s and retry.
 * Waiting for {@code lock.exclusive} itself polls every wait/10 s (at most 60 s; 1 s when waiting forever).
 *
 * <p>One holder per repository per JVM: borg tells holders apart only by host id and pid, so two
 * holders in one process would share one roster entry and one lock file, and the first to let go would
 * silently release the other. {@link #acquire} therefore refuses a repository this JVM already holds
 * (the resource adapter opens each path once). The registry is per class loader; a second copy of the
 * engine in another class loader of the same JVM is seen as "the same process" - borg's view.
 *
 * <p>Thread-safe: the instance methods are synchronized.
 */
public final class RepositoryLock implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RepositoryLock.class.getName());
    /** borg's Lock sleeps 0.2 s between two looks at the readers. */
    private static final Duration READER_POLL = Duration.ofMillis(200);
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path repository;
    private final Path lockPath;
    private final Path registryKey;
    private final ProcessIdentity owner;
    private final ExclusiveLockDir exclusiveDir;
    private final LockRoster roster;
    /**
     * A reader's release must take lock.exclusive for a moment. borg waits its lock timeout; we wait at
     * least {@link #MIN_RELEASE_WAIT}, because giving up leaves our roster entry behind for as long as this
     * process lives, which shuts borg's writers out. While we are listed as a reader nobody can hold
     * lock.exclusive for long (a writer would need the reader list empty), so the wait is short in practice.
     */
    private static final Duration MIN_RELEASE_WAIT = Duration.ofSeconds(10);
    /** How long a shared holder's release may wait for lock.exclusive. */
    private final Duration releaseWait;
    private boolean exclusive;
    private boolean closed;

    private RepositoryLock(Path repository, Path registryKey, ProcessIdentity owner, Duration releaseWait) {
        this.repository = repository;
        this.lockPath = repository.resolve("lock");
        this.registryKey = registryKey;
        this.owner = owner;
        this.exclusiveDir = new ExclusiveLockDir(repository.resolve("lock.exclusive"), repository, owner);
        this.roster = new LockRoster(repository.resolve("lock.roster"), repository, owner.host());
        this.releaseWait = releaseWait == null || releaseWait.compareTo(MIN_RELEASE_WAIT) > 0 ? releaseWait : MIN_RELEASE_WAIT;
    }

    /**
     * Takes borg's lock on {@code repo}.
     *
     * @param repo      the repository directory (must exist)
     * @param exclusive true for a writer's lock, false for a reader's
     * @param wait      how long to wait for other holders; null = forever (borg's library default)
     * @param hostId    borg host id to lock as; null or empty = {@code $BORG_HOST_ID}, else borg's
     *                  {@code "<fqdn>@<uuid.getnode() in decimal>"}
     * @throws LockTimeoutException when others held it for longer than {@code wait}
     * @throws RepositoryException  for a missing repository, a second holder in this JVM, bad arguments
     *                              or I/O failures (the message names the path)
     */
    public static RepositoryLock acquire(Path repo, boolean exclusive, Duration wait, String hostId) {
        Path repository = checkedRepository(repo, "acquire the lock");
        checkWait(repository, wait);
        ProcessIdentity owner;
        try {
            owner = ProcessIdentity.currentProcess(BorgHostId.resolve(hostId));
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(repository, e.getMessage(), e);
        }
        Path key = registryKey(repository);
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw new RepositoryException(repository, "this JVM already holds borg's lock on " + repository
                    + "; borg identifies lock holders only by host id and pid (" + owner
                    + "), so a second holder in the same process cannot be told apart from the first: close the first one");
        }
        try {
            return take(repository, key, owner, exclusive, wait);
        } catch (RuntimeException | Error e) {
            HELD_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    /**
     * Like {@link #acquire} but as an arbitrary identity and outside the one-per-JVM registry, the way
     * borg's {@code Lock(id=...)} works; the stale rule then compares against {@code identity.host()}.
     * For tests that need several holders at once.
     */
    static RepositoryLock acquireAs(Path repo, boolean exclusive, Duration wait, ProcessIdentity identity) {
        Path repository = checkedRepository(repo, "acquire the lock");
        checkWait(repository, wait);
        return take(repository, null, identity, exclusive, wait);
    }

    private static RepositoryLock take(Path repository, Path key, ProcessIdentity owner, boolean exclusive, Duration wait) {
        RepositoryLock lock = new RepositoryLock(repository, key, owner, wait);
        if (exclusive) {
            lock.waitForReadersFinishing(false, wait);
            lock.exclusive = true;
        } else {
            lock.exclusiveDir.acquire(wait);
            try {
                lock.roster.add(Roster.SHARED, owner);
            } finally {
                lock.exclusiveDir.release();
            }
        }
        return lock;
    }

    /**
     * Shared to exclusive, borg's loop: under {@code lock.exclusive}, drop our "shared" entry; if no other
     * reader remains, become the exclusive holder, else put the entry back, let go and retry every 0.2 s.
     * Two holders upgrading at once block each other until one times out (as in borg). No-op if exclusive.
     *
     * @param wait null = forever
     * @throws LockTimeoutException when other readers stayed longer than {@code wait} (we stay shared)
     */
    public synchronized void upgrade(Duration wait) {
        requireOpen();
        checkWait(repository, wait);
        if (exclusive) {
            return;
        }
        waitForReadersFinishing(true, wait);
        exclusive = true;
    }

    /** Exclusive to shared: list ourselves as reader and let go of {@code lock.exclusive}. No-op if shared. */
    public synchronized void downgrade() {
        requireOpen();
        if (!exclusive) {
            return;
        }
        if (!exclusiveDir.byMe()) {
            throw new RepositoryException(repository, "cannot downgrade: " + exclusiveDir.path()
                    + " no longer holds our file " + owner + " - the lock was broken (borg break-lock?) while we held it");
        }
        Roster after = roster.remove(Roster.EXCLUSIVE, owner);
        if (after == null) {
            LOG.log(System.Logger.Level.WARNING, "{0} did not list us ({1}) as exclusive holder", roster.path(), owner);
        }
        roster.add(Roster.SHARED, owner);
        exclusiveDir.release();
        exclusive = false;
    }

    public synchronized boolean isExclusive() {
        return exclusive && !closed;
    }

    /** Who we are in the lock files: (host id, pid, thread 0). */
    public ProcessIdentity owner() {
        return owner;
    }

    /** The repository directory (absolute, normalized) this lock is on. */
    public Path repository() {
        return repository;
    }

    /**
     * Releases the lock; idempotent. A lock that was broken underneath us (files gone) is logged, not
     * thrown, and nobody else's files are touched. A shared holder takes {@code lock.exclusive} for a
     * moment to take its roster entry out, waiting the acquire wait but at least 10 s, and throws
     * {@link LockTimeoutException} if it cannot (the entry then stays until this process ends; borg
     * break-lock clears it). Either way the lock counts as released in this JVM afterwards.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (exclusive) {
                releaseExclusive();
            } else {
                releaseShared();
            }
        } finally {
            if (registryKey != null) {
                HELD_IN_THIS_JVM.remove(registryKey);
            }
        }
    }

    private void releaseExclusive() {
        if (!exclusiveDir.byMe()) {
            LOG.log(System.Logger.Level.WARNING, "{0} was broken while we held it as {1}; leaving it as it is",
                    exclusiveDir.path(), owner);
            return;
        }
        Roster after = roster.remove(Roster.EXCLUSIVE, owner);
        if (after == null) {
            after = roster.load();
        }
        if (after.isEmpty()) {
            roster.remove();
        }
        exclusiveDir.release();
    }

    private void releaseShared() {
        exclusiveDir.acquire(releaseWait);
        try {
            Roster after = roster.remove(Roster.SHARED, owner);
            if (after == null) {
                LOG.log(System.Logger.Level.WARNING, "{0} no longer listed us ({1}) as reader: the lock was broken while we held it",
                        roster.path(), owner);
                after = roster.load();
            }
            if (after.isEmpty()) {
                roster.remove();
            }
        } finally {
            exclusiveDir.release();
        }
    }

    /**
     * borg's _wait_for_readers_finishing. Each round takes {@code lock.exclusive} with the full wait (so
     * a held {@code lock.exclusive} times out with its own message, as in borg), and the rounds stop
     * at the overall deadline with "&lt;repo&gt;/lock (timeout)".
     */
    private void waitForReadersFinishing(boolean removeOwnShared, Duration wait) {
        PollTimer timer = PollTimer.start(wait, READER_POLL);
        while (true) {
            exclusiveDir.acquire(wait);
            boolean keep = false;
            try {
                if (removeOwnShared && roster.remove(Roster.SHARED, owner) == null) {
                    throw new RepositoryException(repository, "cannot upgrade: " + roster.path() + " no longer lists us ("
                            + owner + ") as reader - the lock was broken (borg break-lock?) while we held it");
                }
                if (roster.load().get(Roster.SHARED).isEmpty()) {
                    roster.add(Roster.EXCLUSIVE, owner);
                    keep = true;
                    return;
                }
                if (removeOwnShared) {
                    roster.add(Roster.SHARED, owner);
                }
            } finally {
                if (!keep) {
                    exclusiveDir.release();
                }
            }
            try {
                if (timer.timedOutOrSleep()) {
                    throw new LockTimeoutException(repository, "Failed to create/acquire the lock " + lockPath + " (timeout).");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RepositoryException(repository, "Failed to create/acquire the lock " + lockPath + " (interrupted).", e);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new RepositoryException(repository, "borg's lock on " + repository + " was already released");
        }
    }

    /** borg break-lock: deletes {@code lock.roster} and {@code lock.exclusive/} whoever holds them. */
    public static void breakLock(Path repo) {
        Path repository = checkedRepository(repo, "break the lock");
        new LockRoster(repository.resolve("lock.roster"), repository, "").remove();
        ExclusiveLockDir.breakLock(repository.resolve("lock.exclusive"), repository);
    }

    /** The lock's state as seen from this host ({@code $BORG_HOST_ID} or the computed id), changing nothing. */
    public static LockStatus inspect(Path repo) {
        return inspect(repo, null);
    }

    /** The lock's state as seen by {@code hostId} (decides which dead local pids count as stale), changing nothing. */
    public static LockStatus inspect(Path repo, String hostId) {
        Path repository = checkedRepository(repo, "inspect the lock");
        String ownHost;
        try {
            ownHost = BorgHostId.resolve(hostId);
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(repository, e.getMessage(), e);
        }
        Map<String, LockStatus.Holder> exclusiveHolders = new LinkedHashMap<>();
        Path dir = repository.resolve("lock.exclusive");
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            List<String> names;
            try {
                names = ExclusiveLockDir.listNames(dir);
            } catch (java.nio.file.NoSuchFileException e) {
                names = List.of();
            } catch (IOException e) {
                throw new RepositoryException(repository, "cannot read " + dir + ": " + e);
            }
            for (String name : names) {
                ProcessIdentity id = ProcessIdentity.parseLockFileName(name);
                boolean alive = id == null || StaleRule.possiblyAlive(id, ownHost);
                exclusiveHolders.put(id == null ? "?" + name : id.lockFileName(),
                        new LockStatus.Holder(id, name, alive, modified(dir.resolve(name))));
            }
        }
        Path rosterFile = repository.resolve("lock.roster");
        Roster stored = LockRoster.readRaw(rosterFile, repository);
        Instant rosterTime = modified(rosterFile);
        for (ProcessIdentity id : stored.get(Roster.EXCLUSIVE)) {
            exclusiveHolders.putIfAbsent(id.lockFileName(), holder(id, ownHost, rosterTime));
        }
        List<LockStatus.Holder> shared = new ArrayList<>();
        for (ProcessIdentity id : stored.get(Roster.SHARED)) {
            shared.add(holder(id, ownHost, rosterTime));
        }
        return new LockStatus(repository, List.copyOf(exclusiveHolders.values()), List.copyOf(shared));
    }

    private static LockStatus.Holder holder(ProcessIdentity id, String ownHost, Instant since) {
        return new LockStatus.Holder(id, id.lockFileName(), StaleRule.possiblyAlive(id, ownHost), since);
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path checkedRepository(Path repo, String doing) {
        if (repo == null) {
            throw new RepositoryException(null, "cannot " + doing + ": repository path is null");
        }
        Path repository = repo.toAbsolutePath().normalize();
        if (!Files.isDirectory(repository)) {
            throw new RepositoryException(repository, "cannot " + doing + " " + repository.resolve("lock")
                    + ": " + repository + " is not an existing directory");
        }
        return repository;
    }

    private static void checkWait(Path repository, Duration wait) {
        if (wait != null && wait.isNegative()) {
            throw new RepositoryException(repository, "lock wait must not be negative, got " + wait);
        }
    }

    /** Symlinked spellings of one repository must meet in the registry. */
    private static Path registryKey(Path repository) {
        try {
            return repository.toRealPath();
        } catch (IOException e) {
            return repository;
        }
    }

    @Override
    public String toString() {
        return "RepositoryLock[" + repository + ", " + (closed ? "released" : exclusive ? "exclusive" : "shared") + ", " + owner + "]";
    }
}
