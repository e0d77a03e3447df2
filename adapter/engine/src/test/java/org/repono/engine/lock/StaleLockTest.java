package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * borg's stale rule: holders with our host id, thread 0 and a pid that no longer exists are removed,
 * from lock.exclusive/ on a failed attempt and from the roster whenever it is read.
 */
class StaleLockTest {
    private static final String HOST = "stale-test@1";

    @TempDir
    Path repo;

    @Test
    void deadLocalWriterAndReaderAreBrokenAndReplacedByUs() throws Exception {
        ProcessIdentity deadWriter = new ProcessIdentity(HOST, LockFiles.deadPid(), 0);
        ProcessIdentity deadReader = new ProcessIdentity(HOST, LockFiles.deadPid(), 0);
        LockFiles.plantExclusive(repo, deadWriter);
        LockFiles.writeRoster(repo, "{\"shared\": [" + LockFiles.entry(deadReader) + "], \"exclusive\": [" + LockFiles.entry(deadWriter) + "]}");

        try (RepositoryLock lock = RepositoryLock.acquire(repo, true, Duration.ofSeconds(5), HOST)) {
            assertEquals(List.of(lock.owner().lockFileName()), LockFiles.exclusiveFiles(repo));
            assertEquals("{\"shared\": [], \"exclusive\": [" + LockFiles.entry(lock.owner()) + "]}", LockFiles.rosterText(repo));
        }
        assertEquals(List.of(), LockFiles.lockNames(repo));
    }

    @Test
    void deadReaderIsPrunedWhenAReaderJoins() throws Exception {
        ProcessIdentity deadReader = new ProcessIdentity(HOST, LockFiles.deadPid(), 0);
        LockFiles.writeRoster(repo, "{\"shared\": [" + LockFiles.entry(deadReader) + "]}");
        try (RepositoryLock lock = RepositoryLock.acquire(repo, false, Duration.ofSeconds(5), HOST)) {
            assertEquals("{\"shared\": [" + LockFiles.entry(lock.owner()) + "]}", LockFiles.rosterText(repo));
        }
    }

    @Test
    void theSameDeadPidUnderAnotherHostIdIsNotOurs() throws Exception {
        ProcessIdentity dead = new ProcessIdentity(HOST, LockFiles.deadPid(), 0);
        LockFiles.plantExclusive(repo, dead);
        assertFalse(StaleRule.possiblyAlive(dead, HOST));
        assertTrue(StaleRule.possiblyAlive(dead, "someone-else@2"));
        org.junit.jupiter.api.Assertions.assertThrows(org.repono.engine.LockTimeoutException.class,
                () -> RepositoryLock.acquire(repo, true, Duration.ofMillis(200), "someone-else@2"));
        assertEquals(List.of(dead.lockFileName()), LockFiles.exclusiveFiles(repo));
    }

    @Test
    void liveAndUnjudgeablePidsCountAsAlive() {
        assertTrue(StaleRule.localPidAlive(ProcessHandle.current().pid()));
        assertTrue(StaleRule.localPidAlive(1), "pid 1 always exists (and kill gives EPERM at worst)");
        assertTrue(StaleRule.localPidAlive(0), "kill(0, 0) signals our own process group");
        assertTrue(StaleRule.localPidAlive(-5), "negative pids address process groups");
        assertTrue(StaleRule.localPidAlive(1L << 40), "borg cannot even ask about pids beyond pid_t");
    }
}
