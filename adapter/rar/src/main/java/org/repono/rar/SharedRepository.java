package org.repono.rar;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.repono.api.RepositoryUnavailableException;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;

/**
 * A repository as this server holds it: the one engine for its folder, shared by every managed connection and
 * every connection factory that names the folder, and the XA branches in flight on it. The engine opens on first
 * use (a connection, or the transaction manager's recovery scan) and stays open until the resource adapter
 * stops; an open that fails (borg holds the lock, the disk is gone) is tried again at the next use.
 *
 * <p>Failed state: when the open engine fails in a way that leaves its files in doubt (an I/O error writing or
 * reading the log, its folder gone: {@link FailureTranslation#isFatal}; not a full disk or quota), the repository
 * takes no more work until the resource adapter restarts (server restart or redeploy), which reopens it from what
 * is on disk. The engine keeps borg's lock meanwhile, so nobody else writes there either; the health liveness check
 * reports the state.
 */
final class SharedRepository {

    private static final System.Logger LOG = System.getLogger(SharedRepository.class.getName());

    /** The folder with links resolved: the registry's key. */
    final Path folder;
    final RepositorySettings settings;
    final BranchTable branches;
    private final AtomicBoolean maintenanceRunning = new AtomicBoolean();
    private volatile Repository engine;
    private boolean closed;
    /** Why the open engine was taken out of service, or null while it works. */
    private volatile RepositoryUnavailableException failure;

    SharedRepository(Path folder, RepositorySettings settings) {
        this.folder = folder;
        this.settings = settings;
        this.branches = new BranchTable(this);
    }

    String name() {
        return settings.name();
    }

    /** The open engine, opened (or created, when so configured) now if needed. */
    Repository engine() {
        RepositoryUnavailableException failed = failure;
        if (failed != null) {
            throw new RepositoryUnavailableException(failed.getMessage(), failed);
        }
        Repository open = engine;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (closed) {
                throw new RepositoryUnavailableException("repository '" + name() + "' at " + folder
                        + " is closed: the resource adapter stopped");
            }
            if (engine == null) {
                engine = openEngine();
            }
            return engine;
        }
    }

    /** The engine if it is open now; null otherwise (nothing is opened). */
    Repository engineIfOpen() {
        return engine;
    }

    private Repository openEngine() {
        try {
            if (settings.createIfMissing() && missingOrEmpty(folder)) {
                LOG.log(System.Logger.Level.INFO, "creating repository ''{0}'' at {1}", name(), folder);
                makeParents();
                return Repositories.create(folder, settings.engineOptions());
            }
            return Repositories.open(folder, settings.engineOptions());
        } catch (RepositoryException e) {
            throw FailureTranslation.translate(name(), e);
        }
    }

    /** As borg init --make-parent-dirs: a new repository's parent folders are made too. */
    private void makeParents() {
        Path parent = folder.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new RepositoryUnavailableException("repository '" + name() + "': cannot create the parent folder "
                        + parent + " of " + folder + ": " + e, e);
            }
        }
    }

    private static boolean missingOrEmpty(Path folder) {
        if (!Files.exists(folder)) {
            return true;
        }
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Notes a failure of an operation on this repository (already translated): a fatal one while the engine is open
     * puts the repository into its failed state (the first such failure is kept as the reason).
     */
    void noteFailure(RuntimeException translated) {
        if (!FailureTranslation.isFatal(translated) || failure != null) {
            return;
        }
        synchronized (this) {
            if (engine == null || closed || failure != null) {
                return; // not open (an open that failed is tried again), or stopped, or failed already
            }
            failure = new RepositoryUnavailableException("repository '" + name() + "' at " + folder + " failed at "
                    + java.time.Instant.now() + " and takes no work until the resource adapter restarts (restart the"
                    + " server or redeploy): " + translated.getMessage(), translated);
        }
        LOG.log(System.Logger.Level.ERROR, "repository ''{0}'' at {1} failed; it takes no work until the resource"
                + " adapter restarts: {2}", name(), folder, translated.getMessage());
    }

    /** Why the repository is in its failed state, or null when it is not. */
    RepositoryUnavailableException failure() {
        return failure;
    }

    /** Claims the right to run a check, repair or compaction; false when one already runs. */
    boolean startMaintenance() {
        return maintenanceRunning.compareAndSet(false, true);
    }

    void endMaintenance() {
        maintenanceRunning.set(false);
    }

    /**
     * Rolls back the branches still taking work and closes the engine (index checkpoint, borg lock released).
     * Prepared branches stay on disk for the transaction manager's recovery after the next start.
     */
    void close() {
        Repository open;
        synchronized (this) {
            closed = true;
            open = engine;
            engine = null;
        }
        branches.abandonActive();
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing repository ''{0}'' at {1} failed: {2}", name(), folder, e);
            }
        }
    }
}
