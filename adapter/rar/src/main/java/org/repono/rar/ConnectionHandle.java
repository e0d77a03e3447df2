package org.repono.rar;

import java.nio.file.Files;
import java.nio.file.Path;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;

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
