package org.repono.engine.lock;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.repono.engine.LockTimeoutException;
import org.repono.engine.RepositoryException;

/**
 * borg's ExclusiveLock on {@code <repo>/lock.exclusive}: a directory holding one empty file named after
 * the holder. Taken by renaming a fully prepared temp directory onto that name, because rename(2) of a
 * directory fails only when the target is a non-empty directory - an empty {@code lock.exclusive} is
 * no lock and is silently replaced, by borg and by us.
 */
final class ExclusiveLockDir {
    private static final System.Logger LOG = System.getLogger(ExclusiveLockDir.class.getName());
    /** Python's tempfile name alphabet; borg's temp dirs look like {@code lock.exclusive.k2_x9abq.tmp}. */
    private static final String TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private static final int TEMP_ATTEMPTS = 10000;

    private final Path path;
    private final Path repository;
    private final ProcessIdentity id;
    private final Path uniqueName;

    ExclusiveLockDir(Path path, Path repository, ProcessIdentity id) {
        this.path = path;
        this.repository = repository;
        this.id = id;
        this.uniqueName = path.resolve(id.lockFileName());
    }

    Path path() {
        return path;
    }

    /**
     * borg's acquire: one rename attempt per round; after a failed one, returns if the lock is already
     * ours, kills stale holders, then sleeps (timeout/10, at most 60 s; 1 s if waiting forever).
     *
     * @param timeout null = wait forever
     */
    void acquire(Duration timeout) {
        Path temp = createTempDir();
        Path tempUnique = temp.resolve(id.lockFileName());
        try {
            createEmptyFile(tempUnique);
            PollTimer timer = PollTimer.start(timeout, null);
            while (true) {
                try {
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
                    temp = null;
                    return;
                } catch (IOException renameFailed) {
                    requireDirectoryOrAbsent(renameFailed);
                    if (byMe()) {
                        // same host id and pid as ours: borg counts that as already held by the caller
                        return;
                    }
                    killStaleLock();
                    if (timer.timedOutOrSleep()) {
                        throw new LockTimeoutException(repository, "Failed to create/acquire the lock " + path + " (timeout).");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException(repository, "Failed to create/acquire the lock " + path + " (interrupted).", e);
        } finally {
            if (temp != null) {
                deleteQuietly(tempUnique);
                deleteQuietly(temp);
            }
        }
    }

    /** Releases; the caller checks {@link #byMe()} first when it must not fail on a broken lock. */
    void release() {
        if (!isLocked()) {
            throw new RepositoryException(repository, "Failed to release the lock " + path + " (was not locked).");
        }
        if (!byMe()) {
            throw new RepositoryException(repository, "Failed to release the lock " + path + " (was/is locked, but not by me).");
        }
        try {
            Files.delete(uniqueName);
        } catch (NoSuchFileException e) {
            // gone between the check and now: someone broke the lock; nothing of ours is left
        } catch (IOException e) {
            throw new RepositoryException(repository, "Failed to release the lock " + path + " (" + e + ").");
        }
        try {
            Files.delete(path);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // somebody else's file is in it, or it is gone: we lost a race, which is fine
        } catch (IOException e) {
            throw new RepositoryException(repository, "Failed to release the lock " + path + " (" + e + ").");
        }
    }

    boolean isLocked() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    boolean byMe() {
        return Files.exists(uniqueName, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * borg's kill_stale_lock: removes the files of dead holders, then the directory if that left it
     * empty. A name that does not parse, or a holder that may be alive, stops it (the lock stays held).
     */
    boolean killStaleLock() {
        List<String> names;
        try {
            names = listNames(path);
        } catch (NoSuchFileException e) {
            names = List.of(); // another process did our job in the meantime
        } catch (IOException e) {
            throw new RepositoryException(repository, "Failed to create/acquire the lock " + path + " (" + e + ").");
        }
        for (String name : names) {
            ProcessIdentity holder = ProcessIdentity.parseLockFileName(name);
            if (holder == null) {
                LOG.log(System.Logger.Level.ERROR, "Found malformed lock {0} in {1}. Please check/fix manually.", name, path);
                return false;
            }
            if (StaleRule.possiblyAlive(holder, id.host())) {
                return false;
            }
            try {
                Files.delete(path.resolve(name));
                LOG.log(System.Logger.Level.WARNING, "Killed stale lock {0}.", name);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Found stale lock {0}, but cannot delete due to {1}", name, e.toString());
                return false;
            }
        }
        try {
            Files.delete(path);
        } catch (DirectoryNotEmptyException | NoSuchFileException | FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Failed to remove lock dir: {0}", e.toString());
            return false;
        }
        return true;
    }

    /** borg's break_lock: deletes every file in the directory and the directory, whoever holds it. */
    static void breakLock(Path path, Path repository) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            for (String name : listNames(path)) {
                Files.deleteIfExists(path.resolve(name));
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new RepositoryException(repository, "cannot break the lock " + path + ": " + e);
        }
    }

    static List<String> listNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    /**
     * borg loops on any failed rename. We loop only while {@code lock.exclusive} is a directory (held)
     * or absent (released between two calls); a file or a link there is a broken repository and
     * waiting would not fix it.
     */
    private void requireDirectoryOrAbsent(IOException renameFailed) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        throw new RepositoryException(repository, "Failed to create/acquire the lock " + path
                + " (it exists and is not a directory: " + renameFailed + ").", renameFailed);
    }

    private Path createTempDir() {
        Path parent = path.getParent();
        String prefix = path.getFileName() + ".";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        IOException last = null;
        for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
            StringBuilder name = new StringBuilder(prefix);
            for (int i = 0; i < 8; i++) {
                name.append(TEMP_CHARS.charAt(random.nextInt(TEMP_CHARS.length())));
            }
            Path candidate = parent.resolve(name.append(".tmp").toString());
            try {
                return createOwnerOnly(candidate, true);
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new RepositoryException(repository, "Failed to create/acquire the lock " + path + " (" + e + ").", e);
            }
        }
        throw new RepositoryException(repository, "Failed to create/acquire the lock " + path + " (no free temp name: " + last + ").", last);
    }

    private void createEmptyFile(Path file) {
        try {
            createOwnerOnly(file, false);
        } catch (IOException e) {
            throw new RepositoryException(repository, "Failed to create/acquire the lock " + path + " (" + e + ").", e);
        }
    }

    /** 0700 directories, 0600 files: what borg's umask 077 gives it. */
    private static Path createOwnerOnly(Path p, boolean directory) throws IOException {
        boolean posix = p.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return directory ? Files.createDirectory(p) : Files.createFile(p);
        }
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
        FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(perms);
        return directory ? Files.createDirectory(p, attr) : Files.createFile(p, attr);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // best effort, as borg: a leftover temp dir is harmless and never mistaken for a lock
        }
    }
}
