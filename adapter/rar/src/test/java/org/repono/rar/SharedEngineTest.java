package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryUnavailableException;
import org.repono.engine.txn.LogStore;

/** One engine per real folder per server, closed (checkpoint written, lock released) when the adapter stops. */
class SharedEngineTest {

    @TempDir
    Path home;

    @Test
    void definitionsNamingOneFolderDifferentlyShareOneEngine() throws Exception {
        Path folder = home.resolve("repo");
        Files.createDirectories(home.resolve("links"));
        Path link = Files.createSymbolicLink(home.resolve("links").resolve("via-link"), home);
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        ReponoManagedConnectionFactory direct = new ReponoManagedConnectionFactory();
        direct.setRepositoryPath(folder.toString());
        direct.setRepositoryName("direct");
        ReponoManagedConnectionFactory linked = new ReponoManagedConnectionFactory();
        linked.setRepositoryPath(link.resolve("repo").toString());
        linked.setRepositoryName("linked");
        direct.setResourceAdapter(adapter);
        linked.setResourceAdapter(adapter);
        try {
            ReponoManagedConnection one = (ReponoManagedConnection) direct.createManagedConnection(null, null);
            ReponoManagedConnection two = (ReponoManagedConnection) linked.createManagedConnection(null, null);
            assertSame(one.repository, two.repository);
            assertSame(one.repository.engine(), two.repository.engine());
            assertTrue(one.getXAResource().isSameRM(two.getXAResource()));
            ConnectionHandle handle = (ConnectionHandle) one.getConnection(null, null);
            handle.put(ObjectId.sha256(new byte[] {1}), new byte[] {1});
            assertTrue(((ConnectionHandle) two.getConnection(null, null)).contains(ObjectId.sha256(new byte[] {1})));
        } finally {
            adapter.stop();
        }
    }

    @Test
    void adapterObjectsOfOneArchiveShareTheEngineWhichClosesWhenTheLastOfThemStops() throws Exception {
        Path folder = home.resolve("repo");
        AdapterUnderTest serverConfiguration = new AdapterUnderTest(folder);
        AdapterUnderTest applicationDefinition = new AdapterUnderTest(folder);
        ReponoManagedConnection one = serverConfiguration.physical();
        ReponoManagedConnection two = applicationDefinition.physical();
        assertSame(one.repository, two.repository);

        serverConfiguration.close();
        assertTrue(Files.exists(folder.resolve("lock.exclusive")), "still held by the other adapter object");
        ConnectionHandle handle = applicationDefinition.handle(two);
        handle.put(ObjectId.sha256(new byte[] {2}), new byte[] {2});

        applicationDefinition.close();
        assertFalse(Files.exists(folder.resolve("lock.exclusive")));
        try (AdapterUnderTest again = new AdapterUnderTest(folder);
             RepositoryConnection c = again.factory().getConnection()) {
            assertTrue(c.contains(ObjectId.sha256(new byte[] {2})));
        }
    }

    @Test
    void stoppingTheAdapterWritesTheCheckpointReleasesTheLockAndEndsConnections() throws Exception {
        Path folder = home.resolve("repo");
        AdapterUnderTest adapter = new AdapterUnderTest(folder);
        ObjectId id = ObjectId.sha256("kept".getBytes(StandardCharsets.UTF_8));
        ReponoManagedConnection physical = adapter.physical();
        AdapterUnderTest.Events events = AdapterUnderTest.Events.on(physical);
        RepositoryConnection open = adapter.handle(physical);
        open.put(id, "kept".getBytes(StandardCharsets.UTF_8));
        long tid = open.maintenance().statistics().transactionId();
        assertTrue(Files.exists(folder.resolve("lock.exclusive")), "the engine holds borg's lock while it runs");

        adapter.close();

        assertFalse(Files.exists(folder.resolve("lock.exclusive")));
        assertFalse(Files.exists(folder.resolve("lock.roster")));
        assertTrue(Files.exists(folder.resolve("index." + tid)), "index checkpoint of the last transaction");
        RepositoryUnavailableException closed = assertThrows(RepositoryUnavailableException.class, () -> open.get(id));
        assertTrue(closed.getMessage().contains("repository 'repo'"), closed.getMessage());
        assertEquals(List.of("error"), events.seen, "the server hears that the connection is broken");
        assertSame(closed, events.events.get(0).getException());
        if (Borg.available()) {
            Borg borg = new Borg(home.resolve("borg"));
            borg.checkClean(folder);
            assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), borg.get(folder, id.toHex()));
        }
    }

    /** Many threads, each committing small transactions (by themselves and as XA branches): nothing is lost. */
    @Test
    void concurrentSmallTransactionsAllArriveAndBorgFindsTheRepositoryClean() throws Exception {
        Path folder = home.resolve("repo");
        Set<ObjectId> committed = ConcurrentHashMap.newKeySet();
        Set<ObjectId> rolledBack = ConcurrentHashMap.newKeySet();
        long logCommits;
        try (AdapterUnderTest adapter = new AdapterUnderTest(folder)) {
            RepositoryConnectionFactory factory = adapter.factory();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    ReponoManagedConnection physical = adapter.physical();
                    ConnectionHandle handle = adapter.handle(physical);
                    XAResource xa = physical.getXAResource();
                    for (int i = 0; i < 25; i++) {
                        ObjectId plain = ObjectId.sha256(("plain " + thread + " " + i).getBytes(StandardCharsets.UTF_8));
                        handle.put(plain, new byte[100]);
                        committed.add(plain);
                        TestXid xid = TestXid.of("t" + thread + "-" + i, "b");
                        ObjectId inXa = ObjectId.sha256(("xa " + thread + " " + i).getBytes(StandardCharsets.UTF_8));
                        xa.start(xid, XAResource.TMNOFLAGS);
                        handle.put(inXa, new byte[200]);
                        xa.end(xid, XAResource.TMSUCCESS);
                        if (xa.prepare(xid) != XAResource.XA_OK) {
                            throw new AssertionError("prepare of a branch with a put must vote OK");
                        }
                        if (i % 5 == 4) {
                            xa.rollback(xid);
                            rolledBack.add(inXa);
                        } else {
                            xa.commit(xid, false);
                            committed.add(inXa);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            threads.shutdown();
            try (RepositoryConnection c = factory.getConnection()) {
                for (ObjectId id : committed) {
                    assertTrue(c.contains(id), id::toHex);
                }
                for (ObjectId id : rolledBack) {
                    assertFalse(c.contains(id), id::toHex);
                }
                assertEquals(committed.size(), c.count());
            }
            logCommits = ((LogStore) OpenRepositories.SERVER.heldBy(adapter.adapter).get(0).engine()).logCommits();
        }
        assertEquals(16 * 25 * 2 - 16 * 5, committed.size());
        // commits arriving together share log commits (group commit): never more log commits than transactions
        assertTrue(logCommits <= committed.size(), "log commits " + logCommits);
        assumeTrue(Borg.available());
        new Borg(home.resolve("borg")).checkClean(folder);
    }
}
