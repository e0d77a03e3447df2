package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryUnavailableException;

/** The connection definition and the physical connection's life cycle, as the Connectors specification has them. */
class ReponoConnectionFactoryTest {

    @TempDir
    Path home;

    private static ReponoManagedConnectionFactory configured(Consumer<ReponoManagedConnectionFactory> settings) {
        ReponoManagedConnectionFactory factory = new ReponoManagedConnectionFactory();
        settings.accept(factory);
        return factory;
    }

    /** Deployment refuses each bad property by name, before anything is created on disk. */
    private void refusedAtDeployment(String expected, Consumer<ReponoManagedConnectionFactory> settings) {
        ReponoManagedConnectionFactory factory = configured(settings);
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, () -> factory.setResourceAdapter(adapter));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertThrows(InvalidPropertyException.class, () -> factory.createManagedConnection(null, null));
    }

    @Test
    void everyBadPropertyIsRefusedByNameAtDeploymentAndNothingIsCreated() throws IOException {
        String folder = home.resolve("r").toString();
        refusedAtDeployment("RepositoryPath is not set", f -> { });
        String relative = "repono-relative-" + ProcessHandle.current().pid();
        refusedAtDeployment("RepositoryPath '" + relative + "' must be an absolute path", f -> f.setRepositoryPath(relative));
        refusedAtDeployment("RepositoryPath '" + folder + "\0x' is not a valid path", f -> f.setRepositoryPath(folder + "\0x"));
        refusedAtDeployment("LockWaitSeconds '-1'", f -> {
            f.setRepositoryPath(folder);
            f.setLockWaitSeconds(-1);
        });
        refusedAtDeployment("MaxSegmentSize '10'", f -> {
            f.setRepositoryPath(folder);
            f.setMaxSegmentSize(10L);
        });
        refusedAtDeployment("MaxSegmentSize '4294967296'", f -> {
            f.setRepositoryPath(folder);
            f.setMaxSegmentSize(1L << 32);
        });
        refusedAtDeployment("SegmentsPerDir '-5'", f -> {
            f.setRepositoryPath(folder);
            f.setSegmentsPerDir(-5);
        });
        refusedAtDeployment("CheckpointBytes '100'", f -> {
            f.setRepositoryPath(folder);
            f.setCheckpointBytes(100L);
        });
        assertFalse(Files.exists(Path.of(relative)));
        assertFalse(Files.exists(home.resolve("r")));
    }

    @Test
    void theRepositoryPathMayNameSystemPropertiesAndAnUnsetOneIsRefusedByName() throws Exception {
        System.setProperty("repono.test.home", home.toString());
        try {
            ReponoManagedConnectionFactory definition = configured(f -> f.setRepositoryPath("${repono.test.home}/x/${repono.test.unset:fallback}"));
            assertEquals(home.resolve("x").resolve("fallback"), definition.settings().path());
            refusedAtDeployment("RepositoryPath '${repono.test.unset}/r' names ${repono.test.unset}, which is not set",
                    f -> f.setRepositoryPath("${repono.test.unset}/r"));
            refusedAtDeployment("has a \"${\" without its \"}\"", f -> f.setRepositoryPath("/a/${oops"));
        } finally {
            System.clearProperty("repono.test.home");
        }
    }

    @Test
    void aMissingRepositoryIsCreatedAsABorgRepositoryWithTheConfiguredLayout() throws Exception {
        Path folder = home.resolve("repositories").resolve("default");
        ReponoManagedConnectionFactory definition = configured(f -> {
            f.setRepositoryPath(folder.toString());
            f.setRepositoryName("Default store");
            f.setMaxSegmentSize(1L << 20);
            f.setSegmentsPerDir(7);
        });
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        definition.setResourceAdapter(adapter);
        try {
            RepositoryConnectionFactory connections = (RepositoryConnectionFactory) definition.createConnectionFactory();
            assertEquals("Default store", connections.repositoryName());
            try (RepositoryConnection connection = connections.getConnection()) {
                assertEquals(new RepositoryAddress("Default store", folder.toString(), true), connection.address());
            }
            String config = Files.readString(folder.resolve("config"));
            assertTrue(config.contains("max_segment_size = 1048576"), config);
            assertTrue(config.contains("segments_per_dir = 7"), config);
            assertTrue(Files.readString(folder.resolve("README")).startsWith("This is a Borg Backup repository."));
        } finally {
            adapter.stop();
        }
    }

    @Test
    void withoutCreateIfMissingAMissingRepositoryIsUnavailableAndNotCreated() throws Exception {
        Path folder = home.resolve("absent");
        ReponoManagedConnectionFactory definition = configured(f -> {
            f.setRepositoryPath(folder.toString());
            f.setCreateIfMissing(false);
        });
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        definition.setResourceAdapter(adapter);
        try {
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> definition.createManagedConnection(null, null));
            assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
            assertFalse(Files.exists(folder));
        } finally {
            adapter.stop();
        }
    }

    @Test
    void aFolderThatCannotBeCreatedMakesTheRepositoryUnavailableNamingThePath() throws Exception {
        Path file = Files.writeString(home.resolve("not-a-folder"), "x");
        Path folder = file.resolve("default");
        try (AdapterUnderTest adapter = new AdapterUnderTest(folder)) {
            RepositoryConnectionFactory connections = adapter.factory();
            RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, connections::getConnection);
            assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        }
        assertEquals("x", Files.readString(file));
    }

    @Test
    void closingAHandleGivesThePhysicalConnectionBackAndDisablesTheHandle() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("r"))) {
            ReponoManagedConnection physical = adapter.physical();
            AdapterUnderTest.Events events = AdapterUnderTest.Events.on(physical);
            ConnectionHandle handle = adapter.handle(physical);

            handle.close();
            handle.close();

            assertEquals(List.of("closed"), events.seen);
            assertSame(handle, events.events.get(0).getConnectionHandle());
            IllegalStateException e = assertThrows(IllegalStateException.class, handle::address);
            assertEquals("this Repono connection is closed", e.getMessage());
        }
    }

    @Test
    void cleanupInvalidatesHandlesAndADestroyedConnectionGivesNoMore() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("r"))) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);

            physical.cleanup();
            IllegalStateException taken = assertThrows(IllegalStateException.class, handle::address);
            assertTrue(taken.getMessage().startsWith("this Repono connection is closed: the server took it back"),
                    taken.getMessage());
            ConnectionHandle again = adapter.handle(physical);
            again.put(ObjectId.sha256(new byte[1]), new byte[1]);

            physical.destroy();
            IllegalStateException destroyed = assertThrows(IllegalStateException.class,
                    () -> again.contains(ObjectId.sha256(new byte[1])));
            assertTrue(destroyed.getMessage().contains("destroyed"), destroyed.getMessage());
            assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> physical.getConnection(null, null));
            assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> physical.associateConnection(again));
            // the engine is the repository's, not the connection's: other connections go on
            try (RepositoryConnection other = adapter.factory().getConnection()) {
                assertTrue(other.contains(ObjectId.sha256(new byte[1])));
            }
        }
    }

    @Test
    void associateConnectionMovesAHandleToAnotherPhysicalConnection() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("r"))) {
            ReponoManagedConnection first = adapter.physical();
            ReponoManagedConnection second = adapter.physical();
            AdapterUnderTest.Events firstEvents = AdapterUnderTest.Events.on(first);
            AdapterUnderTest.Events secondEvents = AdapterUnderTest.Events.on(second);
            ConnectionHandle handle = adapter.handle(first);

            second.associateConnection(handle);
            first.cleanup(); // no longer the handle's: it keeps working
            handle.put(ObjectId.sha256("moved".getBytes(StandardCharsets.UTF_8)), new byte[] {1});
            handle.close();

            assertEquals(List.of(), firstEvents.seen);
            assertEquals(List.of("closed"), secondEvents.seen);
            assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> second.associateConnection("not a handle"));
        }
    }

    @Test
    void factoriesAreEqualByConfigurationAndMatchTheirOwnLiveConnections() throws Exception {
        ReponoManagedConnectionFactory one = configured(f -> f.setRepositoryPath(home.resolve("a").toString()));
        ReponoManagedConnectionFactory same = configured(f -> f.setRepositoryPath(home.resolve("a").toString()));
        ReponoManagedConnectionFactory other = configured(f -> f.setRepositoryPath(home.resolve("b").toString()));
        ReponoManagedConnectionFactory appendOnly = configured(f -> {
            f.setRepositoryPath(home.resolve("a").toString());
            f.setAppendOnly(true);
        });
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, other);
        assertNotEquals(one, appendOnly);

        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        for (ReponoManagedConnectionFactory f : List.of(one, same, other)) {
            f.setResourceAdapter(adapter);
        }
        try {
            ReponoManagedConnection mine = (ReponoManagedConnection) one.createManagedConnection(null, null);
            Object theirs = other.createManagedConnection(null, null);
            assertSame(mine, same.matchManagedConnections(Set.of(theirs, mine), null, null));
            assertNull(other.matchManagedConnections(Set.of(mine), null, null));
            mine.destroy();
            assertNull(one.matchManagedConnections(Set.of(mine), null, null));
        } finally {
            adapter.stop();
        }
    }

    @Test
    void aSecondDefinitionWithOtherAppendOnlyForTheSameFolderIsRefusedByName() throws Exception {
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        ReponoManagedConnectionFactory first = configured(f -> f.setRepositoryPath(home.resolve("a").toString()));
        ReponoManagedConnectionFactory second = configured(f -> {
            f.setRepositoryPath(home.resolve("a").resolve("..").resolve("a").toString());
            f.setAppendOnly(true);
        });
        first.setResourceAdapter(adapter);
        second.setResourceAdapter(adapter);
        try {
            first.createManagedConnection(null, null);
            InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                    () -> second.createManagedConnection(null, null));
            assertTrue(e.getMessage().startsWith("AppendOnly 'true' conflicts"), e.getMessage());
        } finally {
            adapter.stop();
        }
    }
}
