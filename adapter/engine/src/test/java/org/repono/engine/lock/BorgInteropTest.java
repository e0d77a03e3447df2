package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.LockTimeoutException;

/**
 * Real borg 1.2.4 and this engine exclude each other, with $BORG_HOST_ID unset (both compute
 * "fqdn@node") and set; and each breaks the other's lock once its holder is dead.
 */
class BorgInteropTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String SET_HOST_ID = "repono-borg-test@4242";

    @TempDir
    static Path work;
    private static Path repo;

    @BeforeAll
    static void initRepository() throws Exception {
        assumeTrue(BorgPeer.available(), "needs borg 1.2.4 at " + BorgPeer.BORG);
        repo = work.resolve("repo");
        new BorgPeer(work.resolve("borg-base"), null).init(repo);
    }

    @AfterEach
    void repositoryIsUnlockedAgain() throws Exception {
        List<String> left = LockFiles.lockNames(repo);
        RepositoryLock.breakLock(repo);
        assertEquals(List.of(), left, "a test left lock files behind");
    }

    private static BorgPeer borg(String hostIdEnv) {
        return new BorgPeer(work.resolve("borg-base"), hostIdEnv);
    }

    private static String ourHostId(String hostIdEnv) {
        return hostIdEnv == null ? BorgHostId.computed() : hostIdEnv;
    }

    private static BorgPeer.Result getManifest(BorgPeer borg) throws Exception {
        return borg.run("--lock-wait", "1", "debug", "get-obj", repo.toString(), BorgPeer.ZERO_ID, work.resolve("manifest.out").toString());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = SET_HOST_ID)
    void ourExclusiveLockKeepsBorgOut(String hostIdEnv) throws Exception {
        BorgPeer borg = borg(hostIdEnv);
        try (RepositoryLock ours = RepositoryLock.acquire(repo, true, SHORT, ourHostId(hostIdEnv))) {
            BorgPeer.Result reader = getManifest(borg);
            assertEquals(2, reader.rc(), reader.output());
            assertTrue(reader.output().contains("Failed to create/acquire the lock " + repo.resolve("lock.exclusive") + " (timeout)."), reader.output());
            assertEquals(List.of(ours.owner().lockFileName()), LockFiles.exclusiveFiles(repo), "borg left our lock alone");
        }
        BorgPeer.Result after = getManifest(borg);
        assertEquals(0, after.rc(), after.output());
        assertTrue(after.output().contains("fetched"), after.output());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = SET_HOST_ID)
    void borgsLockKeepsUsOutAndIsBrokenOnceBorgIsKilled(String hostIdEnv) throws Exception {
        String host = ourHostId(hostIdEnv);
        Process borg = borg(hostIdEnv).start(work.resolve("with-lock.log"), "with-lock", repo.toString(), "sleep", "60");
        try {
            ProcessIdentity borgs = new ProcessIdentity(host, borg.pid(), 0);
            awaitExclusiveFile(borg, borgs.lockFileName());
            assertEquals("{\"exclusive\": [" + LockFiles.entry(borgs) + "]}", LockFiles.rosterText(repo),
                    "borg's roster, with the host id we compute");

            String expected = "Failed to create/acquire the lock " + repo.resolve("lock.exclusive") + " (timeout).";
            LockTimeoutException shared = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, false, SHORT, host));
            assertTrue(shared.getMessage().startsWith(expected), shared.getMessage());
            LockTimeoutException excl = assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, host));
            assertTrue(excl.getMessage().startsWith(expected), excl.getMessage());
            LockStatus status = RepositoryLock.inspect(repo, host);
            assertEquals(List.of(borgs), status.exclusiveHolders().stream().map(LockStatus.Holder::identity).toList());
            assertTrue(status.exclusiveHolders().get(0).alive());

            BorgPeer.killTree(borg);
            try (RepositoryLock ours = RepositoryLock.acquire(repo, true, Duration.ofSeconds(5), host)) {
                assertEquals(List.of(ours.owner().lockFileName()), LockFiles.exclusiveFiles(repo));
                assertEquals("{\"exclusive\": [" + LockFiles.entry(ours.owner()) + "]}", LockFiles.rosterText(repo));
            }
        } finally {
            BorgPeer.killTree(borg);
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = SET_HOST_ID)
    void ourSharedLockCoexistsWithBorgsReadersButNotWithItsWriters(String hostIdEnv) throws Exception {
        BorgPeer borg = borg(hostIdEnv);
        try (RepositoryLock ours = RepositoryLock.acquire(repo, false, SHORT, ourHostId(hostIdEnv))) {
            BorgPeer.Result reader = getManifest(borg);
            assertEquals(0, reader.rc(), reader.output());
            assertTrue(reader.output().contains("fetched"), reader.output());
            assertEquals("{\"shared\": [" + LockFiles.entry(ours.owner()) + "]}", LockFiles.rosterText(repo),
                    "borg's reader joined and left the roster, ours stays");

            BorgPeer.Result writer = borg.run("--lock-wait", "1", "with-lock", repo.toString(), "true");
            assertEquals(2, writer.rc(), writer.output());
            assertTrue(writer.output().contains("Failed to create/acquire the lock " + repo.resolve("lock") + " (timeout)."), writer.output());
            assertEquals("{\"shared\": [" + LockFiles.entry(ours.owner()) + "]}", LockFiles.rosterText(repo));
        }
        BorgPeer.Result writer = borg.run("--lock-wait", "1", "with-lock", repo.toString(), "true");
        assertEquals(0, writer.rc(), writer.output());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = SET_HOST_ID)
    void borgBreaksTheLockOfAKilledEngineProcess(String hostIdEnv) throws Exception {
        try (ChildLockHolder child = ChildLockHolder.start(repo, true, SHORT, hostIdEnv)) {
            assertTrue(child.locked(), child.report());
            String childLock = child.report().substring("LOCKED ".length());
            BorgPeer.Result whileAlive = getManifest(borg(hostIdEnv));
            assertEquals(2, whileAlive.rc(), whileAlive.output());

            child.kill();
            BorgPeer.Result afterDeath = getManifest(borg(hostIdEnv));
            assertEquals(0, afterDeath.rc(), afterDeath.output());
            // borg recognised our host id as its own and our pid as dead
            assertTrue(afterDeath.output().contains("Killed stale lock " + childLock + "."), afterDeath.output());
            assertTrue(afterDeath.output().contains("Removed stale exclusive roster lock for host " + ourHostId(hostIdEnv)
                    + " pid " + child.pid() + " thread 0."), afterDeath.output());
        }
    }

    @Test
    void borgBreakLockRemovesOurLockAndOurReleaseThenTouchesNothing() throws Exception {
        RepositoryLock ours = RepositoryLock.acquire(repo, true, SHORT, null);
        BorgPeer.Result r = borg(System.getenv(BorgHostId.ENV)).run("break-lock", repo.toString());
        assertEquals(0, r.rc(), r.output());
        assertEquals(List.of(), LockFiles.lockNames(repo));
        try (RepositoryLock other = RepositoryLock.acquireAs(repo, true, SHORT, new ProcessIdentity("elsewhere@1", 1, 0))) {
            ours.close();
            assertEquals(List.of("elsewhere@1.1-0"), LockFiles.exclusiveFiles(repo), "our late release left the new holder alone");
        }
        assertFalse(Files.exists(repo.resolve("lock.exclusive")));
    }

    private static void awaitExclusiveFile(Process borg, String name) throws Exception {
        Path file = repo.resolve("lock.exclusive").resolve(name);
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            assertTrue(borg.isAlive(), () -> "borg with-lock ended early: " + readLog());
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), () -> "borg never took the lock as " + name + ": " + readLog() + " " + listing());
        // lock.exclusive appears before borg writes the roster (truncate, then write): wait for its entry too
        for (int i = 0; i < 600 && !rosterLists(name); i++) {
            Thread.sleep(50);
        }
    }

    private static boolean rosterLists(String lockFileName) {
        Roster roster = LockRoster.readRaw(repo.resolve("lock.roster"), repo);
        return roster.get(Roster.EXCLUSIVE).stream().anyMatch(id -> id.lockFileName().equals(lockFileName));
    }

    private static String readLog() {
        try {
            return Files.readString(work.resolve("with-lock.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String listing() {
        try {
            return LockFiles.exclusiveFiles(repo).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
