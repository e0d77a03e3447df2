package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.log.SegmentFiles;

/**
 * fsync returning EIO, injected through the log's write-channel seam into each of the four syncs of a commit (borg's
 * order: data segment fdatasync, its directory, COMMIT segment fdatasync, its directory) and into compaction. The
 * operation fails, nothing half-committed is visible, and the state is the last commit, in the session and after a
 * reopen. Guards invariants 1, 2 and 5.
 */
class FsyncFailureTest {

    @TempDir
    Path tmp;

    /** @param failing which sync of the commit fails: 1 data segment, 2 its directory, 3 COMMIT segment, 4 its directory */
    @ParameterizedTest(name = "sync {0} of the commit fails")
    @ValueSource(ints = {1, 2, 3, 4})
    void invariants12_aFailingFsyncFailsTheCommitAndShowsNothing(int failing) {
        Path path = tmp.resolve("repo");
        SplittableRandom random = new SplittableRandom(failing);
        SegmentFiles files = new SegmentFiles(path, 1000);
        RepositoryState before;
        List<byte[][]> batch = FullDiskTest.objects(random, 5, 10_000);
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults());
             FaultInjection injection = FaultInjection.under(path)) {
            FullDiskTest.commit(repo, FullDiskTest.objects(random, 5, 10_000));
            before = RepositoryState.of(repo);
            long tid = before.transactionId();
            Path[] syncs = {files.pathOf(tid + 1), files.dirOf(tid + 1), files.pathOf(tid + 2), files.dirOf(tid + 2)};
            injection.faults.failForce(failing);
            RepositoryException e = assertThrows(RepositoryException.class, () -> FullDiskTest.commit(repo, batch));
            assertEquals(1, injection.faults.failedForces(), "the injected fsync failure happened");
            assertEquals(syncs[failing - 1], injection.faults.failedForceOn(), "the sync that failed (borg's order)");
            assertTrue(e.getMessage().contains("Input/output error"), "the error names the I/O failure: " + e.getMessage());
            assertFalse(repo.contains(batch.get(0)[0]));
            FullDiskTest.assertAtLastCommit(repo, before, "after fsync " + failing + " failed");
        }
        try (Repository repo = FullDiskTest.reopenAtLastCommit(path, RepositoryOptions.defaults(), before,
                "after fsync " + failing + " failed")) {
            FullDiskTest.commit(repo, batch);
            assertTrue(repo.contains(batch.get(4)[0]));
            assertEquals(10, repo.size());
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after a failed fsync and a commit");
        }
    }

    /** A compaction whose first fsync fails: it stops, the objects stay where they were, nothing is lost. */
    @Test
    void invariant5_aFailingFsyncFailsTheCompactionAndLosesNothing() {
        Path path = tmp.resolve("repo");
        SplittableRandom random = new SplittableRandom(5);
        RepositoryState before;
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults());
             FaultInjection injection = FaultInjection.under(path)) {
            List<byte[][]> objects = FullDiskTest.objects(random, 12, 20_000);
            FullDiskTest.commit(repo, objects);
            try (var txn = repo.begin()) {
                for (int i = 0; i < 12; i += 2) {
                    txn.delete(objects.get(i)[0]);
                }
                txn.commit();
            }
            before = RepositoryState.of(repo);
            injection.faults.failForce(1);
            RepositoryException e = assertThrows(RepositoryException.class, () -> repo.compact(0.1, null, null));
            assertEquals(1, injection.faults.failedForces(), "the injected fsync failure happened");
            assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
            FullDiskTest.assertAtLastCommit(repo, before, "after compaction's fsync failed");
        }
        try (Repository repo = FullDiskTest.reopenAtLastCommit(path, RepositoryOptions.defaults(), before,
                "after compaction's fsync failed")) {
            repo.compact(0.1, null, null);
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check after the next compaction: " + report.problems());
            assertEquals(before.objects(), StoredObjects.read(repo));
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after a failed compaction");
        }
    }
}
