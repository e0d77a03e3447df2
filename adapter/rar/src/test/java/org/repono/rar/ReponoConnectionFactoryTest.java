package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.InvalidPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryUnavailableException;

class ReponoConnectionFactoryTest {

    @TempDir
    Path home;

    private static ReponoManagedConnectionFactory configuredFor(String path) {
        ReponoManagedConnectionFactory factory = new ReponoManagedConnectionFactory();
        factory.setRepositoryPath(path);
        return factory;
    }

    @Test
    void aConnectionCreatesTheMissingRepositoryFolderAndReportsIt() {
        Path folder = home.resolve("repositories").resolve("default");
        RepositoryConnectionFactory connections =
                (RepositoryConnectionFactory) configuredFor(folder.toString()).createConnectionFactory();

        try (RepositoryConnection connection = connections.getConnection()) {
            assertEquals(new RepositoryAddress("default", folder.toString(), true), connection.address());
        }
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void aRelativeOrMissingPathIsRefusedByNameAndCreatesNothing() throws IOException {
        InvalidPropertyException unset = assertThrows(InvalidPropertyException.class,
                () -> configuredFor(null).createManagedConnection(null, null));
        assertTrue(unset.getMessage().contains("RepositoryPath is not set"), unset.getMessage());

        String relative = "repono-relative-" + ProcessHandle.current().pid();
        InvalidPropertyException notAbsolute = assertThrows(InvalidPropertyException.class,
                () -> configuredFor(relative).createManagedConnection(null, null));
        assertTrue(notAbsolute.getMessage().contains("'" + relative + "' must be an absolute path"), notAbsolute.getMessage());
        assertFalse(Files.exists(Path.of(relative)));
    }

    @Test
    void aFolderThatCannotBeCreatedMakesTheRepositoryUnavailableNamingThePath() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        Path folder = file.resolve("default");
        RepositoryConnectionFactory connections =
                (RepositoryConnectionFactory) configuredFor(folder.toString()).createConnectionFactory();

        RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, connections::getConnection);
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void closingAHandleGivesThePhysicalConnectionBackAndDisablesTheHandle() throws Exception {
        ReponoManagedConnection physical = (ReponoManagedConnection)
                configuredFor(home.resolve("r").toString()).createManagedConnection(null, null);
        List<ConnectionEvent> closed = new ArrayList<>();
        physical.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                closed.add(event);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
            }
        });
        ConnectionHandle handle = (ConnectionHandle) physical.getConnection(null, null);

        handle.close();
        handle.close();

        assertEquals(1, closed.size());
        assertSame(handle, closed.get(0).getConnectionHandle());
        IllegalStateException e = assertThrows(IllegalStateException.class, handle::address);
        assertEquals("this Repono connection is closed", e.getMessage());
    }

    @Test
    void cleanupInvalidatesHandlesAndADestroyedConnectionGivesNoMore() throws Exception {
        ReponoManagedConnection physical = (ReponoManagedConnection)
                configuredFor(home.resolve("r").toString()).createManagedConnection(null, null);
        ConnectionHandle handle = (ConnectionHandle) physical.getConnection(null, null);

        physical.cleanup();
        assertThrows(IllegalStateException.class, handle::address);

        physical.destroy();
        assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> physical.getConnection(null, null));
    }

    @Test
    void factoriesAreEqualByConfigurationAndMatchTheirOwnConnections() throws Exception {
        ReponoManagedConnectionFactory one = configuredFor(home.resolve("a").toString());
        ReponoManagedConnectionFactory same = configuredFor(home.resolve("a").toString());
        ReponoManagedConnectionFactory other = configuredFor(home.resolve("b").toString());
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, other);

        Object mine = one.createManagedConnection(null, null);
        Object theirs = other.createManagedConnection(null, null);
        assertSame(mine, same.matchManagedConnections(Set.of(theirs, mine), null, null));
        assertEquals(null, other.matchManagedConnections(Set.of(mine), null, null));
    }
}
