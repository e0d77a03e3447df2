package org.repono.rar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.ObjectId;
import org.repono.api.ObjectPage;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryLocalTransaction;
import org.repono.api.RepositoryMaintenance;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

/**
 * What an application holds: a handle on a pooled {@link ReponoManagedConnection}. Each call runs in whatever the
 * physical connection works in (JTA branch, local transaction, or a commit of its own), and every failure reaches
 * the application as one of the client API's exceptions.
 */
public final class ConnectionHandle implements RepositoryConnection {

    private volatile ReponoManagedConnection connection;
    /** Why the server took the handle away (null: the application closed it). */
    private volatile String takenBack;

    ConnectionHandle(ReponoManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public RepositoryAddress address() {
        SharedRepository repository = open().repository;
        Path folder = repository.settings.path();
        return new RepositoryAddress(repository.name(), folder.toString(), Files.isDirectory(folder));
    }

    @Override
    public byte[] get(ObjectId id) {
        byte[] key = key(id);
        return call(c -> c.read(r -> r.get(key), t -> t.get(key)));
    }

    @Override
    public InputStream openStream(ObjectId id) {
        byte[] key = key(id);
        return call(c -> c.read(r -> r.openStream(key), t -> t.openStream(key)));
    }

    @Override
    public void put(ObjectId id, byte[] data) {
        byte[] key = key(id);
        if (data == null) {
            throw new IllegalArgumentException("no data given for object " + id + " (null)");
        }
        call(c -> c.change(t -> {
            t.put(key, data);
            return null;
        }));
    }

    @Override
    public void put(ObjectId id, InputStream data, long length) {
        byte[] key = key(id);
        if (data == null) {
            throw new IllegalArgumentException("no data stream given for object " + id + " (null)");
        }
        call(c -> c.change(t -> {
            t.put(key, data, length);
            return null;
        }));
    }

    @Override
    public ObjectId putContent(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("no content given (null)");
        }
        ObjectId id = ObjectId.sha256(data);
        put(id, data);
        return id;
    }

    @Override
    public ObjectId putContent(InputStream data) {
        if (data == null) {
            throw new IllegalArgumentException("no content stream given (null)");
        }
        String repository = open().repository.name();
        try (ContentSpool spool = ContentSpool.read(data, repository)) {
            try (InputStream content = spool.content()) {
                put(spool.id(), content, spool.length());
            }
            return spool.id();
        } catch (IOException e) {
            throw new UncheckedIOException("repository '" + repository + "': cannot read the content to put: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ObjectId id) {
        byte[] key = key(id);
        call(c -> c.change(t -> {
            t.delete(key);
            return null;
        }));
    }

    @Override
    public boolean contains(ObjectId id) {
        byte[] key = key(id);
        return call(c -> c.read(r -> r.contains(key), t -> t.contains(key)));
    }

    @Override
    public Optional<Long> size(ObjectId id) {
        byte[] key = key(id);
        return call(c -> c.read(r -> r.objectSize(key), t -> t.objectSize(key)));
    }

    /** Committed objects plus the transaction's own new ones, minus those it deleted. */
    @Override
    public long count() {
        return call(c -> c.read(Repository::size, Transaction::size));
    }

    /** Committed objects (without those the transaction deleted), then the transaction's own new ones. */
    @Override
    public ObjectPage list(String prefix, int limit, ObjectId marker) {
        ObjectListing listing = ObjectListing.of(prefix, limit);
        return call(c -> c.read(r -> listing.page(r::list, r::objectSize, marker),
                t -> listing.page(t::list, t::objectSize, marker)));
    }

    @Override
    public RepositoryLocalTransaction getLocalTransaction() {
        open();
        return new ApplicationLocalTransaction(this);
    }

    @Override
    public RepositoryMaintenance maintenance() {
        return new RepositoryMaintenanceView(this);
    }

    /** Gives the handle back; idempotent. */
    @Override
    public void close() {
        ReponoManagedConnection current = connection;
        if (current != null) {
            connection = null;
            current.closed(this);
        }
    }

    // ---- for the managed connection (sharing, cleanup) ------------------------------------------------

    void moveTo(ReponoManagedConnection target) {
        ReponoManagedConnection previous = connection;
        if (previous != null && previous != target) {
            previous.forget(this);
        }
        connection = target;
    }

    /** The server took the physical connection back (its transaction ended, or it was destroyed). */
    void invalidate(String why) {
        takenBack = why;
        connection = null;
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    ReponoManagedConnection open() {
        ReponoManagedConnection current = connection;
        if (current == null) {
            String why = takenBack;
            throw new IllegalStateException(why == null ? "this Repono connection is closed"
                    : "this Repono connection is closed: " + why);
        }
        return current;
    }

    interface Call<T> {
        T on(ReponoManagedConnection connection);
    }

    /** Runs {@code call} on the physical connection, failures translated (and fatal ones reported to the server). */
    <T> T call(Call<T> call) {
        ReponoManagedConnection current = open();
        try {
            return call.on(current);
        } catch (RuntimeException e) {
            throw failure(current, e);
        }
    }

    private RuntimeException failure(ReponoManagedConnection current, RuntimeException e) {
        RuntimeException translated = FailureTranslation.translate(current.repository.name(), e);
        current.repository.noteFailure(translated);
        if (FailureTranslation.isFatal(translated)) {
            current.failed(this, translated);
        }
        return translated;
    }

    private static byte[] key(ObjectId id) {
        if (id == null) {
            throw new InvalidObjectIdException("no object id given (null)");
        }
        return id.toBytes();
    }
}
