package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;

/**
 * The XA protocol as a transaction manager drives it, on a real repository: isolation of an open branch, prepare
 * (durable, invisible), both decisions, read-only and one-phase branches, joins through a second connection,
 * a rollback from another thread (the reaper's), and recovery of prepared branches after the adapter restarts.
 */
class XaBranchTest {

    @TempDir
    Path home;
    private Path folder;
    private AdapterUnderTest adapter;

    @BeforeEach
    void start() throws Exception {
        folder = home.resolve("repo");
        adapter = new AdapterUnderTest(folder);
    }

    @AfterEach
    void stop() {
        adapter.close();
    }

    private static ObjectId id(String text) {
        return ObjectId.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private boolean committedContains(ObjectId id) throws Exception {
        try (RepositoryConnection c = adapter.factory().getConnection()) {
            return c.contains(id);
        }
    }

    private static int code(XAException e) {
        return e.errorCode;
    }

    @Test
    void aBranchSeesItsOwnWorkWhichStaysInvisibleUntilCommitAfterPrepare() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid xid = TestXid.of("g1", "b1");
        ObjectId a = id("a");

        xa.start(xid, XAResource.TMNOFLAGS);
        handle.put(a, bytes("in the branch"));
        assertArrayEquals(bytes("in the branch"), handle.get(a));
        assertFalse(committedContains(a));
        xa.end(xid, XAResource.TMSUCCESS);

        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertFalse(committedContains(a), "prepared is not visible");
        assertEquals(1, Files.list(folder.resolve("repono").resolve("prepared")).count());
        xa.commit(xid, false);

        assertTrue(committedContains(a));
        handle.close();
    }

    /** Read committed + own writes reaches count and the paged list (with prefix and marker), not only get/contains. */
    @Test
    void countAndListInABranchSeeItsOwnPutsAndDeletes() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        for (int i = 0; i < 20; i++) {
            handle.put(id("committed " + i), bytes("c" + i));
        }
        Xid xid = TestXid.of("g-own", "b");
        xa.start(xid, XAResource.TMNOFLAGS);
        java.util.Set<ObjectId> expected = new java.util.HashSet<>();
        for (int i = 5; i < 20; i++) {
            expected.add(id("committed " + i));
        }
        for (int i = 0; i < 5; i++) {
            handle.delete(id("committed " + i));
        }
        for (int i = 0; i < 12; i++) {
            handle.put(id("own " + i), bytes("own data " + i));
            expected.add(id("own " + i));
        }
        assertEquals(27, handle.count());
        java.util.List<ObjectId> paged = new java.util.ArrayList<>();
        ObjectId marker = null;
        do {
            var page = handle.list(null, 4, marker);
            page.entries().forEach(e -> paged.add(e.id()));
            marker = page.nextMarker();
        } while (marker != null);
        assertEquals(27, paged.size(), "every id once");
        assertEquals(expected, new java.util.HashSet<>(paged));
        String ownHex = id("own 7").toHex();
        var byPrefix = handle.list(ownHex.substring(0, 5), 10, null).entries();
        assertTrue(byPrefix.stream().anyMatch(e -> e.id().equals(id("own 7")) && e.size() == bytes("own data 7").length));
        assertEquals(0, handle.list(id("committed 3").toHex(), 10, null).entries().size());
        try (RepositoryConnection outside = adapter.factory().getConnection()) {
            assertEquals(20, outside.count(), "others see the committed count");
            assertEquals(0, outside.list(ownHex, 10, null).entries().size());
        }
        xa.end(xid, XAResource.TMSUCCESS);
        xa.commit(xid, true);
        try (RepositoryConnection after = adapter.factory().getConnection()) {
            assertEquals(27, after.count());
        }
    }

    @Test
    void rollbackLeavesNothingVisibleWhetherActiveOrPrepared() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid active = TestXid.of("g-active", "b");
        Xid prepared = TestXid.of("g-prepared", "b");

        xa.start(active, XAResource.TMNOFLAGS);
        handle.put(id("active"), bytes("x"));
        xa.end(active, XAResource.TMSUCCESS);
        xa.rollback(active);

        xa.start(prepared, XAResource.TMNOFLAGS);
        handle.put(id("prepared"), bytes("y"));
        xa.end(prepared, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(prepared));
        xa.rollback(prepared);

        assertFalse(committedContains(id("active")));
        assertFalse(committedContains(id("prepared")));
        assertEquals(0, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        try (var files = Files.list(folder.resolve("repono").resolve("prepared"))) {
            assertEquals(0, files.count());
        }
        // the same answer again: rolled back is rolled back; a commit now is refused, never a false success
        xa.rollback(prepared);
        XAException late = assertThrows(XAException.class, () -> xa.commit(prepared, false));
        assertEquals(XAException.XA_RBROLLBACK, code(late));
    }

    @Test
    void aBranchThatOnlyReadAnswersReadOnlyAndOnePhaseCommitsWork() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        handle.put(id("seen"), bytes("committed before"));

        Xid reader = TestXid.of("g-read", "b");
        xa.start(reader, XAResource.TMNOFLAGS);
        assertTrue(handle.contains(id("seen")));
        xa.end(reader, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, xa.prepare(reader));

        Xid single = TestXid.of("g-1pc", "b");
        xa.start(single, XAResource.TMNOFLAGS);
        handle.put(id("one-phase"), bytes("z"));
        xa.end(single, XAResource.TMSUCCESS);
        xa.commit(single, true);
        assertTrue(committedContains(id("one-phase")));
        xa.commit(single, true); // repeated: the same answer

        Xid empty = TestXid.of("g-empty", "b");
        xa.start(empty, XAResource.TMNOFLAGS);
        xa.end(empty, XAResource.TMSUCCESS);
        xa.commit(empty, true);
    }

    @Test
    void unknownBranchesAndProtocolErrorsAreReportedNotPassedOff() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        XAResource xa = physical.getXAResource();
        Xid unknown = TestXid.of("never", "seen");
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.commit(unknown, false))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.commit(unknown, true))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.rollback(unknown))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.prepare(unknown))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class,
                () -> xa.start(unknown, XAResource.TMJOIN))));

        Xid xid = TestXid.of("g", "b");
        xa.start(xid, XAResource.TMNOFLAGS);
        assertEquals(XAException.XAER_DUPID, code(assertThrows(XAException.class,
                () -> xa.start(xid, XAResource.TMNOFLAGS))));
        adapter.handle(physical).put(id("p"), bytes("p"));
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_PROTO, code(assertThrows(XAException.class, () -> xa.commit(xid, false))));
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(XAException.XAER_PROTO, code(assertThrows(XAException.class, () -> xa.commit(xid, true))));
        xa.commit(xid, false);
        xa.commit(xid, false); // committed already: the same answer
        assertEquals(XAException.XA_HEURCOM, code(assertThrows(XAException.class, () -> xa.rollback(xid))));
    }

    @Test
    void aBranchEndedWithFailureRollsBackAtPrepare() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        XAResource xa = physical.getXAResource();
        Xid xid = TestXid.of("g-fail", "b");
        xa.start(xid, XAResource.TMNOFLAGS);
        adapter.handle(physical).put(id("failed"), bytes("f"));
        xa.end(xid, XAResource.TMFAIL);
        assertEquals(XAException.XA_RBROLLBACK, code(assertThrows(XAException.class, () -> xa.prepare(xid))));
        assertFalse(committedContains(id("failed")));
    }

    @Test
    void twoConnectionsToOneRepositoryAreOneResourceManagerSharingTheBranch() throws Exception {
        ReponoManagedConnection first = adapter.physical();
        ReponoManagedConnection second = adapter.physical();
        ReponoManagedConnection elsewhere;
        try (AdapterUnderTest other = new AdapterUnderTest(home.resolve("other"))) {
            elsewhere = other.physical();
            assertFalse(first.getXAResource().isSameRM(elsewhere.getXAResource()));
        }
        assertTrue(first.getXAResource().isSameRM(second.getXAResource()));

        Xid xid = TestXid.of("g-join", "b");
        first.getXAResource().start(xid, XAResource.TMNOFLAGS);
        adapter.handle(first).put(id("from first"), bytes("1"));
        second.getXAResource().start(xid, XAResource.TMJOIN);
        ConnectionHandle secondHandle = adapter.handle(second);
        assertTrue(secondHandle.contains(id("from first")), "a joined connection sees the branch's work");
        secondHandle.put(id("from second"), bytes("2"));
        first.getXAResource().end(xid, XAResource.TMSUCCESS);
        second.getXAResource().end(xid, XAResource.TMSUCCESS);

        // decided through a third connection, as a transaction manager may
        ReponoManagedConnection third = adapter.physical();
        assertEquals(XAResource.XA_OK, third.getXAResource().prepare(xid));
        third.getXAResource().commit(xid, false);
        assertTrue(committedContains(id("from first")));
        assertTrue(committedContains(id("from second")));
    }

    @Test
    void aRollbackFromAnotherThreadWaitsForWorkInProgressAndRefusesLaterWork() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid xid = TestXid.of("g-timeout", "b");
        xa.start(xid, XAResource.TMNOFLAGS);
        handle.put(id("before timeout"), bytes("t"));

        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch reaperMayGo = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> put = threads.submit(() -> handle.put(id("slow"), new java.io.InputStream() {
                private int left = 100_000;

                @Override
                public int read() {
                    return left-- > 0 ? 7 : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left == 100_000) {
                        streaming.countDown();
                        await(reaperMayGo);
                    }
                    if (left <= 0) {
                        return -1;
                    }
                    int n = Math.min(len, left);
                    Arrays.fill(b, off, off + n, (byte) 7);
                    left -= n;
                    return n;
                }
            }, 100_000));
            assertTrue(streaming.await(10, TimeUnit.SECONDS));
            Future<?> reaper = threads.submit(() -> {
                xa.rollback(xid);
                return null;
            });
            reaperMayGo.countDown();
            put.get(10, TimeUnit.SECONDS);
            reaper.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        RepositoryFailure late = assertThrows(RepositoryFailure.class, () -> handle.put(id("after timeout"), bytes("x")));
        assertTrue(late.getMessage().contains("rolled back"), late.getMessage());
        // end may say the branch was rolled back (XA_RB*); the connection leaves it all the same
        assertEquals(XAException.XA_RBROLLBACK, code(assertThrows(XAException.class, () -> xa.end(xid, XAResource.TMFAIL))));
        assertFalse(committedContains(id("before timeout")));
        assertFalse(committedContains(id("slow")));
        handle.put(id("outside the transaction"), bytes("o"));
        assertTrue(committedContains(id("outside the transaction")));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Invariant 4 (prepared means durable and invisible), seen through the adapter across a restart. */
    @Test
    void invariant4_preparedBranchesAreRecoveredAfterARestartAndDecidedByXid() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid toCommit = TestXid.of("g-commit", "b");
        Xid toRollBack = TestXid.of("g-rollback", "b");
        for (Xid xid : List.of(toCommit, toRollBack)) {
            xa.start(xid, XAResource.TMNOFLAGS);
            handle.put(id(new String(xid.getGlobalTransactionId(), StandardCharsets.UTF_8)), bytes("prepared data"));
            xa.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
        }
        adapter.close(); // the server goes away between prepare and commit

        if (Borg.available()) {
            // a valid borg repository in every state: the prepared data is outside data/
            new Borg(home.resolve("borg")).checkClean(folder);
        }

        adapter = new AdapterUnderTest(folder);
        XAResource recovery = adapter.physical().getXAResource();
        Xid[] found = recovery.recover(XAResource.TMSTARTRSCAN);
        assertEquals(0, recovery.recover(XAResource.TMENDRSCAN).length);
        assertEquals(2, found.length);
        assertTrue(Arrays.stream(found).anyMatch(x -> XidBytes.of(x).equals(XidBytes.of(toCommit))));
        assertTrue(Arrays.stream(found).anyMatch(x -> XidBytes.of(x).equals(XidBytes.of(toRollBack))));
        assertFalse(committedContains(id("g-commit")));

        recovery.commit(toCommit, false);
        recovery.rollback(toRollBack);

        assertTrue(committedContains(id("g-commit")));
        assertFalse(committedContains(id("g-rollback")));
        assertEquals(0, recovery.recover(XAResource.TMSTARTRSCAN).length);
        recovery.commit(toCommit, false); // repeated: the same answer
        adapter.close();
        if (Borg.available()) {
            Borg borg = new Borg(home.resolve("borg"));
            borg.checkClean(folder);
            assertArrayEquals(bytes("prepared data"), borg.get(folder, id("g-commit").toHex()));
            assertEquals(null, borg.get(folder, id("g-rollback").toHex()));
        }
    }

    @Test
    void aBranchAnotherWriterPreparedUnderANonXaIdIsShownAsHexAndCanBeDecided() throws Exception {
        adapter.factory().getConnection().close(); // creates the repository
        adapter.close();
        try (org.repono.engine.Repository engine = org.repono.engine.Repositories.open(folder,
                org.repono.engine.RepositoryOptions.defaults());
             org.repono.engine.Transaction t = engine.begin()) {
            t.put(id("foreign").toBytes(), bytes("f"));
            t.prepare(new byte[] {1, 2, 3});
        }
        adapter = new AdapterUnderTest(folder);
        try (RepositoryConnection c = adapter.factory().getConnection()) {
            var inDoubt = c.maintenance().inDoubtTransactions();
            assertEquals(1, inDoubt.size());
            assertEquals("010203", inDoubt.get(0).xid());
            assertEquals(0, c.maintenance().statistics().objects());
            c.maintenance().commitInDoubt("010203");
            assertTrue(c.contains(id("foreign")));
            assertEquals(0, c.maintenance().inDoubtTransactions().size());
        }
    }

    @Test
    void anOperatorDecidesInDoubtBranchesAndTheTransactionManagerHearsOfIt() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid xid = TestXid.of("g-heuristic", "b");
        xa.start(xid, XAResource.TMNOFLAGS);
        handle.put(id("heuristic"), bytes("h"));
        xa.end(xid, XAResource.TMSUCCESS);
        xa.prepare(xid);

        var maintenance = handle.maintenance();
        assertEquals(1, maintenance.inDoubtTransactions().size());
        String printable = maintenance.inDoubtTransactions().get(0).xid();
        assertEquals(XidBytes.of(xid).printable(), printable);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> maintenance.rollbackInDoubt("nonsense"));
        assertTrue(bad.getMessage().contains("nonsense"), bad.getMessage());
        maintenance.rollbackInDoubt(printable);
        RepositoryFailure again = assertThrows(RepositoryFailure.class, () -> maintenance.commitInDoubt(printable));
        assertTrue(again.getMessage().contains(printable), again.getMessage());

        assertEquals(XAException.XA_HEURRB, code(assertThrows(XAException.class, () -> xa.commit(xid, false))));
        assertFalse(committedContains(id("heuristic")));
        assertEquals(0, maintenance.inDoubtTransactions().size());
        // remembered until the transaction manager forgets it
        assertEquals(1, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        assertEquals(XAException.XA_HEURRB, code(assertThrows(XAException.class, () -> xa.rollback(xid))));
        xa.forget(xid);
        assertEquals(0, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> xa.forget(xid))));
    }

    /**
     * An operator decides branches recovered after a restart; the decisions survive another restart, and the
     * transaction manager's later decision gets the heuristic outcome: XA_HEURCOM where the operator committed
     * (whether the manager commits too or rolls back), XA_HEURRB where the operator rolled back and the manager
     * commits. recover keeps listing them until forget, which removes their records.
     */
    @Test
    void operatorsDecisionsSurviveRestartsAndReachTheTransactionManagerAsHeuristicOutcomes() throws Exception {
        ReponoManagedConnection physical = adapter.physical();
        ConnectionHandle handle = adapter.handle(physical);
        XAResource xa = physical.getXAResource();
        Xid agreed = TestXid.of("g-both-commit", "b");
        Xid operatorRolledBack = TestXid.of("g-operator-rollback", "b");
        Xid operatorCommitted = TestXid.of("g-operator-commit", "b");
        List<Xid> all = List.of(agreed, operatorRolledBack, operatorCommitted);
        for (Xid xid : all) {
            xa.start(xid, XAResource.TMNOFLAGS);
            handle.put(id(new String(xid.getGlobalTransactionId(), StandardCharsets.UTF_8)), bytes("in doubt"));
            xa.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
        }
        adapter.close(); // the server stops between prepare and commit

        adapter = new AdapterUnderTest(folder);
        try (RepositoryConnection c = adapter.factory().getConnection()) {
            var maintenance = c.maintenance();
            assertEquals(3, maintenance.inDoubtTransactions().size());
            maintenance.commitInDoubt(XidBytes.of(agreed).printable());
            maintenance.rollbackInDoubt(XidBytes.of(operatorRolledBack).printable());
            maintenance.commitInDoubt(XidBytes.of(operatorCommitted).printable());
            assertEquals(0, maintenance.inDoubtTransactions().size());
        }
        adapter.close(); // and again, before the transaction manager's recovery comes
        Path prepared = folder.resolve("repono").resolve("prepared");
        try (var files = Files.list(prepared)) {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".decision")).count(), "one record per decision");
        }
        if (Borg.available()) {
            new Borg(home.resolve("borg")).checkClean(folder);
        }

        adapter = new AdapterUnderTest(folder);
        XAResource recovery = adapter.physical().getXAResource();
        Xid[] found = recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(3, found.length, "decided but not forgotten: still listed");
        for (Xid xid : all) {
            assertTrue(Arrays.stream(found).anyMatch(x -> XidBytes.of(x).equals(XidBytes.of(xid))));
        }
        assertEquals(XAException.XA_HEURCOM, code(assertThrows(XAException.class, () -> recovery.commit(agreed, false))));
        assertEquals(XAException.XA_HEURRB,
                code(assertThrows(XAException.class, () -> recovery.commit(operatorRolledBack, false))));
        assertEquals(XAException.XA_HEURCOM,
                code(assertThrows(XAException.class, () -> recovery.rollback(operatorCommitted))));
        assertEquals(XAException.XA_HEURCOM, code(assertThrows(XAException.class, () -> recovery.commit(agreed, false))),
                "the same answer until forget");
        assertTrue(committedContains(id("g-both-commit")));
        assertFalse(committedContains(id("g-operator-rollback")));
        assertTrue(committedContains(id("g-operator-commit")));

        for (Xid xid : all) {
            recovery.forget(xid);
        }
        assertEquals(0, recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        try (var files = Files.list(prepared)) {
            assertEquals(0, files.count(), "forget removed the records");
        }
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> recovery.forget(agreed))));
        assertEquals(XAException.XAER_NOTA, code(assertThrows(XAException.class, () -> recovery.commit(agreed, false))));
        adapter.close();
        adapter = new AdapterUnderTest(folder);
        assertEquals(0, adapter.physical().getXAResource().recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
    }
}
