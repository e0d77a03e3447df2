package org.repono.rar;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.repono.api.RepositoryConnectionFactory;

/**
 * The adapter as a server would run it, without the server: a started resource adapter, a connection definition
 * for one folder, physical connections made on request. Stop it to close the engines (as undeploying would).
 */
final class AdapterUnderTest implements AutoCloseable {

    final ReponoResourceAdapter adapter = new ReponoResourceAdapter();
    final ReponoManagedConnectionFactory definition = new ReponoManagedConnectionFactory();

    AdapterUnderTest(Path folder) throws ResourceException {
        adapter.start(null);
        definition.setRepositoryPath(folder.toString());
        definition.setResourceAdapter(adapter);
    }

    /** The factory an application would get from JNDI (connections unpooled). */
    RepositoryConnectionFactory factory() throws ResourceException {
        return (RepositoryConnectionFactory) definition.createConnectionFactory();
    }

    ReponoManagedConnection physical() throws ResourceException {
        return (ReponoManagedConnection) definition.createManagedConnection(null, null);
    }

    ConnectionHandle handle(ReponoManagedConnection physical) throws ResourceException {
        return (ConnectionHandle) physical.getConnection(null, null);
    }

    @Override
    public void close() {
        adapter.stop();
    }

    /** Records the connection events a server would receive. */
    static final class Events implements ConnectionEventListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

        static Events on(ReponoManagedConnection physical) {
            Events events = new Events();
            physical.addConnectionEventListener(events);
            return events;
        }

        private void add(String name, ConnectionEvent event) {
            seen.add(name);
            events.add(event);
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            add("closed", event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            add("local-started", event);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            add("local-committed", event);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            add("local-rolledback", event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            add("error", event);
        }
    }
}
