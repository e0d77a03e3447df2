package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.LockTimeoutException;
import org.repono.engine.RepositoryException;

/** The protocol within this JVM; other holders are live (or dead) real processes' identities. */
class RepositoryLockTest {
    private static final String HOST = "test-host@42";
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path repo;
    private Process other;
    private ProcessIdentity otherHolder;

    @BeforeEach
    void startOtherProcess() throws Exception {
        other = LockFiles.liveProcess();
        otherHolder = new ProcessIdentity(HOST, other.pid(), 0);
    }

    @AfterEach
    void stopOtherProcess() throws Exception {
        other.destroyForcibly();
        other.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void exclusiveLockIsBorgsDirectoryAndRosterAndReleaseRemovesBoth() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true, SHORT, HOST)) {
            ProcessIdentity me = lock.owner();
            assertEquals(new ProcessIdentity(HOST, ProcessHandle.current().pid(), 0), me);
            assertTrue(lock.isExclusive());
            assertEquals(List.of(me.lockFileName()), LockFiles.exclusiveFiles(repo));
            assertEquals("{\"exclusive\": [" + LockFiles.entry(me) + "]}", LockFiles.rosterText(repo));
            assertEquals(List.of("lock.exclusive", "lock.roster"), LockFiles.lockNames(repo));
        }
        assertEquals(List.of(), LockFiles.lockNames(repo), "release leaves nothing, no temp dirs either");
    }

    @Test
    void sharedLockListsUsInTheRosterOnlyAndTwoReadersCoexist() throws Exception {
        try (RepositoryLock mine = RepositoryLock.acquire(repo, false, SHORT, HOST)) {
            assertFalse(mine.isExclusive());
            assertEquals(List.of("lock.roster"), LockFiles.lockNames(repo), "readers do not keep lock.exclusive");
            assertEquals("{\"shared\": [" + LockFiles.entry(mine.owner()) + "]}", LockFiles.rosterText(repo));
            try (RepositoryLock theirs = RepositoryLock.acquireAs(repo, false, SHORT, otherHolder)) {
                assertEquals("{\"shared\": [" + LockFiles.entry(mine.owner()) + ", " + LockFiles.entry(otherHolder) + "]}",
                        LockFiles.rosterText(repo));
            }
            assertEquals("{\"shared\": [" + LockFiles.entry(mine.owner()) + "]}", LockFiles.rosterText(repo));
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void aReaderBlocksAWriterUntilItLeaves() throws Exception {
        RepositoryLock reader = RepositoryLock.acquireAs(repo, false, SHORT, otherHolder);
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, HOST));
        assertTrue(e.getMessage().startsWith("Failed to create/acquire the lock " + repo.resolve("lock") + " (timeout)."), e.getMessage());
        assertEquals("{\"shared\": [" + LockFiles.entry(otherHolder) + "]}", LockFiles.rosterText(repo), "a failed writer leaves no trace");
        assertEquals(List.of("lock.roster"), LockFiles.lockNames(repo));

        CompletableFuture<RepositoryLock> writer = CompletableFuture.supplyAsync(() -> RepositoryLock.acquire(repo, true, null, HOST));
        try {
            assertThrows(java.util.concurrent.TimeoutException.class, () -> writer.get(SHORT.toMillis(), TimeUnit.MILLISECONDS));
            reader.close();
            try (RepositoryLock w = writer.get(30, TimeUnit.SECONDS)) {
                assertTrue(w.isExclusive());
                assertEquals("{\"exclusive\": [" + LockFiles.entry(w.owner()) + "]}", LockFiles.rosterText(repo),
                        "the last reader deleted the roster");
            }
        } finally {
            reader.close();
            writer.cancel(true);
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void aWriterBlocksReadersAndWritersOnLockExclusive() throws Exception {
        try (RepositoryLock writer = RepositoryLock.acquireAs(repo, true, SHORT, otherHolder)) {
            String expected = "Failed to create/acquire the lock " + repo.resolve("lock.exclusive") + " (timeout).";
            LockTimeoutException shared = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, false, SHORT, HOST));
            assertTrue(shared.getMessage().startsWith(expected), shared.getMessage());
            LockTimeoutException excl = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, Duration.ZERO, HOST));
            assertTrue(excl.getMessage().startsWith(expected), excl.getMessage());
            assertEquals(List.of(otherHolder.lockFileName()), LockFiles.exclusiveFiles(repo));
            assertEquals(List.of("lock.exclusive", "lock.roster"), LockFiles.lockNames(repo), "no temp dir left by the failed tries");
        }
    }

    @Test
    void upgradeAndDowngradeMoveUsBetweenTheLists() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false, SHORT, HOST)) {
            String me = LockFiles.entry(lock.owner());
            lock.upgrade(SHORT);
            assertTrue(lock.isExclusive());
            assertEquals("{\"shared\": [], \"exclusive\": [" + me + "]}", LockFiles.rosterText(repo));
            assertEquals(List.of(lock.owner().lockFileName()), LockFiles.exclusiveFiles(repo));
            lock.upgrade(SHORT); // no-op
            lock.downgrade();
            assertFalse(lock.isExclusive());
            assertEquals("{\"shared\": [" + me + "], \"exclusive\": []}", LockFiles.rosterText(repo));
            assertEquals(List.of("lock.roster"), LockFiles.lockNames(repo));
            lock.downgrade(); // no-op
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void upgradeWaitsForOtherReadersAndStaysSharedWhenItTimesOut() throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false, SHORT, HOST);
             RepositoryLock otherReader = RepositoryLock.acquireAs(repo, false, SHORT, otherHolder)) {
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.upgrade(SHORT));
            assertTrue(e.getMessage().startsWith("Failed to create/acquire the lock " + repo.resolve("lock") + " (timeout)."));
            assertFalse(lock.isExclusive());
            assertEquals("{\"shared\": [" + LockFiles.entry(otherHolder) + ", " + LockFiles.entry(lock.owner()) + "]}",
                    LockFiles.rosterText(repo), "our entry is back after the failed upgrade");
            otherReader.close();
            lock.upgrade(SHORT);
            assertTrue(lock.isExclusive());
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void secondHolderInThisJvmIsRefusedClearlyAndChangesNothing() throws Exception {
        try (RepositoryLock first = RepositoryLock.acquire(repo, false, SHORT, HOST)) {
            String before = LockFiles.rosterText(repo);
            for (boolean exclusive : new boolean[] {true, false}) {
                RepositoryException e = assertThrows(RepositoryException.class,
                        () -> RepositoryLock.acquire(repo.resolve(".").resolve("x").resolve(".."), exclusive, SHORT, HOST));
                assertFalse(e instanceof LockTimeoutException);
                assertTrue(e.getMessage().contains("this JVM already holds borg's lock on " + repo), e.getMessage());
            }
            assertEquals(before, LockFiles.rosterText(repo));
        }
        RepositoryLock.acquire(repo, true, SHORT, HOST).close();
    }

    @Test
    void symlinkedPathIsTheSameRepositoryForTheJvmRegistry(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("link"), repo);
        try (RepositoryLock first = RepositoryLock.acquire(repo, true, SHORT, HOST)) {
            assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(link, true, SHORT, HOST));
        }
    }

    @Test
    void closeIsIdempotentAndAReleasedLockRefusesUse() throws Exception {
        RepositoryLock lock = RepositoryLock.acquire(repo, true, SHORT, HOST);
        lock.close();
        lock.close();
        assertFalse(lock.isExclusive());
        assertThrows(RepositoryException.class, () -> lock.upgrade(SHORT));
        assertThrows(RepositoryException.class, lock::downgrade);
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void anEmptyLockExclusiveDirectoryIsNoLock() throws Exception {
        Files.createDirectory(LockFiles.exclusiveDir(repo));
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true, Duration.ZERO, HOST)) {
            assertEquals(List.of(lock.owner().lockFileName()), LockFiles.exclusiveFiles(repo));
        }
    }

    @Test
    void aCorruptRosterCountsAsEmptyAndIsRewritten() throws Exception {
        LockFiles.writeRoster(repo, "{\"shared\": [[\"h\", 1.5, 0]]}");
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true, SHORT, HOST)) {
            assertEquals("{\"exclusive\": [" + LockFiles.entry(lock.owner()) + "]}", LockFiles.rosterText(repo));
        }
        assertNull(LockFiles.rosterText(repo));
    }

    @Test
    void aForeignHostIsAlwaysAliveSoWeTimeOut() throws Exception {
        ProcessIdentity foreignWithDeadLocalPid = new ProcessIdentity("other-box@7", LockFiles.deadPid(), 0);
        LockFiles.plantExclusive(repo, foreignWithDeadLocalPid);
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, false, SHORT, HOST));
        assertTrue(e.getMessage().startsWith("Failed to create/acquire the lock " + repo.resolve("lock.exclusive") + " (timeout)."));
        assertEquals(List.of(foreignWithDeadLocalPid.lockFileName()), LockFiles.exclusiveFiles(repo));

        RepositoryLock.breakLock(repo);
        LockFiles.writeRoster(repo, "{\"shared\": [" + LockFiles.entry(foreignWithDeadLocalPid) + "]}");
        e = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, HOST));
        assertTrue(e.getMessage().startsWith("Failed to create/acquire the lock " + repo.resolve("lock") + " (timeout)."));
        assertEquals("{\"shared\": [" + LockFiles.entry(foreignWithDeadLocalPid) + "]}", LockFiles.rosterText(repo));
    }

    @Test
    void nonZeroThreadIsNeverStale() throws Exception {
        ProcessIdentity threaded = new ProcessIdentity(HOST, LockFiles.deadPid(), 1);
        LockFiles.plantExclusive(repo, threaded);
        assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, HOST));
        assertEquals(List.of(threaded.lockFileName()), LockFiles.exclusiveFiles(repo));
    }

    @Test
    void aMalformedLockFileNameIsTreatedAsHeld() throws Exception {
        Files.createDirectory(LockFiles.exclusiveDir(repo));
        Files.createFile(LockFiles.exclusiveDir(repo).resolve("not-a-lock-name"));
        assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, HOST));
        assertEquals(List.of("not-a-lock-name"), LockFiles.exclusiveFiles(repo));
    }

    @Test
    void breakLockRemovesEverythingWhoeverHoldsIt() throws Exception {
        RepositoryLock writer = RepositoryLock.acquireAs(repo, true, SHORT, otherHolder);
        Files.createFile(LockFiles.exclusiveDir(repo).resolve("extra.1-0"));
        RepositoryLock.breakLock(repo);
        assertEquals(List.of(), LockFiles.lockNames(repo));
        RepositoryLock.breakLock(repo); // nothing there: fine
        writer.close(); // its files are gone: logged, nothing thrown, nothing touched
        assertEquals(List.of(), LockFiles.lockNames(repo));
        try (RepositoryLock lock = RepositoryLock.acquire(repo, true, Duration.ZERO, HOST)) {
            assertTrue(lock.isExclusive());
        }
    }

    @Test
    void inspectReportsHoldersAndWhetherTheyAreAlive() throws Exception {
        assertFalse(RepositoryLock.inspect(repo, HOST).isLocked());
        ProcessIdentity dead = new ProcessIdentity(HOST, LockFiles.deadPid(), 0);
        ProcessIdentity foreign = new ProcessIdentity("far-away@1", 1234, 0);
        LockFiles.writeRoster(repo, "{\"shared\": [" + LockFiles.entry(dead) + ", " + LockFiles.entry(foreign) + "], \"exclusive\": ["
                + LockFiles.entry(otherHolder) + "]}");
        LockFiles.plantExclusive(repo, otherHolder);
        String before = LockFiles.rosterText(repo);

        LockStatus status = RepositoryLock.inspect(repo, HOST);
        assertTrue(status.isLocked());
        assertEquals(repo, status.repository());
        assertEquals(1, status.exclusiveHolders().size(), "the lock file and the roster entry are one holder");
        LockStatus.Holder writer = status.exclusiveHolders().get(0);
        assertEquals(otherHolder, writer.identity());
        assertTrue(writer.alive());
        assertTrue(writer.since() != null);
        assertEquals(List.of(dead, foreign), status.sharedHolders().stream().map(LockStatus.Holder::identity).toList());
        assertEquals(List.of(false, true), status.sharedHolders().stream().map(LockStatus.Holder::alive).toList());
        assertEquals(before, LockFiles.rosterText(repo), "inspect changes nothing");
    }

    @Test
    void badInputsAreRefusedClearlyAndChangeNothing(@TempDir Path elsewhere) throws Exception {
        Path missing = elsewhere.resolve("no-such-repo");
        RepositoryException e = assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(missing, true, SHORT, HOST));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not an existing directory"), e.getMessage());
        assertFalse(Files.exists(missing));
        e = assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(null, true, SHORT, HOST));
        assertTrue(e.getMessage().contains("null"));
        e = assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(repo, true, Duration.ofSeconds(-1), HOST));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(repo, true, SHORT, "bad/host"));
        assertTrue(e.getMessage().contains("bad/host"), e.getMessage());
        assertThrows(RepositoryException.class, () -> RepositoryLock.breakLock(missing));
        assertThrows(RepositoryException.class, () -> RepositoryLock.inspect(missing));
        Files.writeString(LockFiles.exclusiveDir(repo), "a file where the lock directory belongs");
        e = assertThrows(RepositoryException.class, () -> RepositoryLock.acquire(repo, true, SHORT, HOST));
        assertFalse(e instanceof LockTimeoutException);
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals(List.of("lock.exclusive"), LockFiles.lockNames(repo), "only the planted file, no temp dirs");
        // after every refusal the repository is still lockable by us
        Files.delete(LockFiles.exclusiveDir(repo));
        RepositoryLock.acquire(repo, true, SHORT, HOST).close();
    }
}
