package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryLocalTransaction;

/** Local transactions outside JTA: the application's (reported to the server as events) and the server's own. */
class LocalTransactionTest {

    @TempDir
    Path home;
    private AdapterUnderTest adapter;

    @BeforeEach
    void start() throws Exception {
        adapter = new AdapterUnderTest(home.resolve("repo"));
    }

    @AfterEach
    void stop() {
        adapter.close();
    }

    private static ObjectId id(String text) {
        return ObjectId.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean committedContains(ObjectId id) throws Exception {
        try (RepositoryConnection c = adapter.factory().getConnection()) {
            return c.contains(id);
        }
    }

    @Test
    void theApplicationsLocalTransactionCommitsAllOrNothingAndTellsTheServer() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        AdapterUnderTest.Events events = AdapterUnderTest.Events.on(physical);
        ConnectionHandle handle = adapter.handle(physical);
        RepositoryLocalTransaction local = handle.getLocalTransaction();

        local.begin();
        handle.put(id("one"), new byte[] {1});
        handle.put(id("two"), new byte[] {2});
        handle.delete(id("one"));
        assertFalse(handle.contains(id("one")));
        assertArrayEquals(new byte[] {2}, handle.get(id("two")));
        assertFalse(committedContains(id("two")), "invisible to others before commit");
        local.commit();
        assertTrue(committedContains(id("two")));
        assertFalse(committedContains(id("one")));

        local.begin();
        handle.put(id("three"), new byte[] {3});
        local.rollback();
        assertFalse(committedContains(id("three")));

        assertEquals(List.of("local-started", "local-committed", "local-started", "local-rolledback"), events.seen);
        IllegalStateException notBegun = assertThrows(IllegalStateException.class, local::commit);
        assertTrue(notBegun.getMessage().contains("no local transaction was begun"), notBegun.getMessage());
        local.begin();
        IllegalStateException twice = assertThrows(IllegalStateException.class, local::begin);
        assertTrue(twice.getMessage().contains("in progress"), twice.getMessage());
        local.rollback();
    }

    @Test
    void aLocalTransactionLeftOpenIsRolledBackWhenItsLastHandleCloses() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        AdapterUnderTest.Events events = AdapterUnderTest.Events.on(physical);
        ConnectionHandle handle = adapter.handle(physical);
        handle.getLocalTransaction().begin();
        handle.put(id("forgotten"), new byte[] {9});
        handle.close();
        assertFalse(committedContains(id("forgotten")));
        assertEquals(List.of("local-started", "local-rolledback", "closed"), events.seen);
    }

    @Test
    void noLocalTransactionInsideAJtaBranch() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        TestXid xid = TestXid.of("jta", "b");
        physical.getXAResource().start(xid, XAResource.TMNOFLAGS);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handle.getLocalTransaction().begin());
        assertTrue(e.getMessage().contains("JTA transaction"), e.getMessage());
        physical.getXAResource().end(xid, XAResource.TMSUCCESS);
        physical.getXAResource().rollback(xid);
    }

    @Test
    void theServersLocalTransactionSendsNoEvents() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        AdapterUnderTest.Events events = AdapterUnderTest.Events.on(physical);
        ConnectionHandle handle = adapter.handle(physical);
        LocalTransaction server = physical.getLocalTransaction();

        server.begin();
        handle.put(id("by the server"), new byte[] {4});
        server.commit();
        server.begin();
        handle.put(id("rolled back by the server"), new byte[] {5});
        server.rollback();

        assertTrue(committedContains(id("by the server")));
        assertFalse(committedContains(id("rolled back by the server")));
        assertEquals(List.of(), events.seen);
        LocalTransactionException e = assertThrows(LocalTransactionException.class, server::commit);
        assertTrue(e.getMessage().contains("no local transaction was begun"), e.getMessage());
    }
}
