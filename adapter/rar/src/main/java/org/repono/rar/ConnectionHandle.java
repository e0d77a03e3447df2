package org.repono.rar;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.repono.api.ObjectId;
import org.repono.api.ObjectPage;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryLocalTransaction;
import org.repono.api.RepositoryMaintenance;

/** What an application holds: a handle on a pooled {@link ReponoManagedConnection}. */
public final class ConnectionHandle implements RepositoryConnection {

    private ReponoManagedConnection connection;

    ConnectionHandle(ReponoManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public RepositoryAddress address() {
        Path folder = open().folder();
        return new RepositoryAddress(folder.getFileName().toString(), folder.toString(), Files.isDirectory(folder));
    }

    // placeholder until the real adapter lands: the object operations are not there yet
    private static UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("not implemented yet by the placeholder resource adapter");
    }

    @Override
    public byte[] get(ObjectId id) {
        throw notYet();
    }

    @Override
    public InputStream openStream(ObjectId id) {
        throw notYet();
    }

    @Override
    public void put(ObjectId id, byte[] data) {
        throw notYet();
    }

    @Override
    public void put(ObjectId id, InputStream data, long length) {
        throw notYet();
    }

    @Override
    public ObjectId putContent(byte[] data) {
        throw notYet();
    }

    @Override
    public ObjectId putContent(InputStream data) {
        throw notYet();
    }

    @Override
    public void delete(ObjectId id) {
        throw notYet();
    }

    @Override
    public boolean contains(ObjectId id) {
        throw notYet();
    }

    @Override
    public Optional<Long> size(ObjectId id) {
        throw notYet();
    }

    @Override
    public long count() {
        throw notYet();
    }

    @Override
    public ObjectPage list(String prefix, int limit, ObjectId marker) {
        throw notYet();
    }

    @Override
    public RepositoryLocalTransaction getLocalTransaction() {
        throw notYet();
    }

    @Override
    public RepositoryMaintenance maintenance() {
        throw notYet();
    }

    @Override
    public void close() {
        ReponoManagedConnection current = connection;
        if (current != null) {
            connection = null;
            current.closed(this);
        }
    }

    void moveTo(ReponoManagedConnection target) {
        ReponoManagedConnection previous = connection;
        if (previous != null && previous != target) {
            previous.forget(this);
        }
        connection = target;
    }

    void invalidate() {
        connection = null;
    }

    private ReponoManagedConnection open() {
        ReponoManagedConnection current = connection;
        if (current == null) {
            throw new IllegalStateException("this Repono connection is closed");
        }
        return current;
    }
}
