package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.LockTimeoutException;

/** Another JVM is another process: it excludes us, and once SIGKILLed its lock is stale for us. */
class SecondJvmTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path repo;

    /** The id the child computes from its environment; we lock as the same host. */
    private static String ourHostId(String hostIdEnv) {
        return hostIdEnv == null ? BorgHostId.computed() : hostIdEnv;
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "repono-jvm-test@77")
    void childsExclusiveLockExcludesUsAndIsBrokenAfterItIsKilled(String hostIdEnv) throws Exception {
        String host = ourHostId(hostIdEnv);
        try (ChildLockHolder child = ChildLockHolder.start(repo, true, SHORT, hostIdEnv)) {
            assertTrue(child.locked(), child.report());
            ProcessIdentity theirs = new ProcessIdentity(host, child.pid(), 0);
            assertEquals("LOCKED " + theirs.lockFileName(), child.report(), "the child computed the same host id as we did");
            assertEquals(List.of(theirs.lockFileName()), LockFiles.exclusiveFiles(repo));

            assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, true, SHORT, host));
            assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, false, SHORT, host));
            LockStatus status = RepositoryLock.inspect(repo, host);
            assertEquals(theirs, status.exclusiveHolders().get(0).identity());
            assertTrue(status.exclusiveHolders().get(0).alive());

            child.kill(); // SIGKILL: nothing released
            assertEquals(List.of(theirs.lockFileName()), LockFiles.exclusiveFiles(repo));
            assertFalse(RepositoryLock.inspect(repo, host).exclusiveHolders().get(0).alive());

            try (RepositoryLock ours = RepositoryLock.acquire(repo, true, Duration.ofSeconds(5), host)) {
                assertEquals(List.of(ours.owner().lockFileName()), LockFiles.exclusiveFiles(repo));
                assertEquals("{\"exclusive\": [" + LockFiles.entry(ours.owner()) + "]}", LockFiles.rosterText(repo),
                        "the dead child's roster entry was pruned");
            }
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void readersInTwoProcessesShareAndAnUpgradeWaitsForTheOther() throws Exception {
        String host = BorgHostId.computed();
        try (RepositoryLock ours = RepositoryLock.acquire(repo, false, SHORT, host);
             ChildLockHolder child = ChildLockHolder.start(repo, false, SHORT, null)) {
            assertTrue(child.locked(), child.report());
            ProcessIdentity theirs = new ProcessIdentity(host, child.pid(), 0);
            assertEquals("{\"shared\": [" + LockFiles.entry(ours.owner()) + ", " + LockFiles.entry(theirs) + "]}", LockFiles.rosterText(repo));

            String answer = child.send("upgrade 300");
            assertTrue(answer.startsWith("FAILED LockTimeoutException Failed to create/acquire the lock " + repo.resolve("lock") + " (timeout)."), answer);
            ours.close();
            assertEquals("OK", child.send("upgrade 5000"));
            assertThrows(LockTimeoutException.class, () -> RepositoryLock.acquire(repo, false, SHORT, host));
            assertEquals("OK", child.send("downgrade"));
            try (RepositoryLock again = RepositoryLock.acquire(repo, false, SHORT, host)) {
                assertEquals("{\"shared\": [" + LockFiles.entry(theirs) + ", " + LockFiles.entry(again.owner()) + "], \"exclusive\": []}",
                        LockFiles.rosterText(repo));
            }
            assertEquals("OK", child.send("release"));
            assertEquals(0, child.waitForExit());
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }
}
