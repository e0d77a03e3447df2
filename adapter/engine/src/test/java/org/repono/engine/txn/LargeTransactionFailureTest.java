package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.log.SegmentFiles;

/** Failures around a transaction staged in segment files (adopted by the log at commit). */
class LargeTransactionFailureTest {

    @TempDir
    Path tmp;

    private static final RepositoryOptions OPTIONS = TestIds.options().withMaxSegmentSize(32 * 1024).withSpillBytes(8 * 1024);

    private static long staged(Path repo) throws IOException {
        Path dir = repo.resolve("repono/tmp");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void invariant2_aCommitFailingAfterTheFilesWereAdoptedRemovesThemAndLeavesTheLastCommit() throws IOException {
        Path path = tmp.resolve("repo");
        SegmentFiles files = new SegmentFiles(path, 1000);
        try (Repository repo = Repositories.create(path, OPTIONS)) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("keep"), TestIds.data("keep", 100));
                t.commit();
            }
            long tid = repo.stats().transactionId();
            long[] before = files.list();
            Transaction t = repo.begin();
            for (int i = 0; i < 30; i++) {
                t.put(TestIds.id("lost" + i), TestIds.data("lost" + i, 4000));
            }
            t.delete(TestIds.id("keep"));
            int adopted = ((StagedTransaction) t).staging().files().files();
            assertTrue(adopted >= 3, "120 kB in files of 32 kB: " + adopted);
            // the COMMIT segment's name is taken: the files get adopted, the COMMIT cannot be written
            Files.createDirectory(files.pathOf(tid + 1 + adopted));
            RepositoryException e = assertThrows(RepositoryException.class, t::commit);
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertFalse(Files.exists(files.pathOf(tid + 1 + adopted)));
            assertArrayEquals(before, files.list(), "the adopted segments are gone again");
            assertEquals(0, staged(path), "and so are the staged files");
            assertEquals(tid, repo.stats().transactionId(), "state stays at the last commit");
            assertFalse(repo.contains(TestIds.id("lost0")));
            assertTrue(repo.contains(TestIds.id("keep")));
            try (Transaction again = repo.begin()) {
                for (int i = 0; i < 10; i++) {
                    again.put(TestIds.id("next" + i), TestIds.data("next" + i, 4000));
                }
                again.commit();
            }
            assertEquals(11, repo.size());
        }
        try (Repository repo = Repositories.open(path, OPTIONS)) {
            assertEquals(11, repo.size());
            assertFalse(repo.contains(TestIds.id("lost0")));
            assertArrayEquals(TestIds.data("next9", 4000), repo.get(TestIds.id("next9")));
        }
    }

    @Test
    void invariant2_filesStagedByACrashedSessionAreNeverReadAndDroppedAtTheNextExclusiveOpen() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, OPTIONS)) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("keep"), TestIds.data("keep", 100));
                t.commit();
            }
        }
        // what a crash mid-transaction leaves: a staged segment file in repono/tmp (a finished one, even)
        Path crashed = tmp.resolve("crashed");
        try (Repository repo = Repositories.create(crashed, OPTIONS)) {
            Transaction t = repo.begin();
            for (int i = 0; i < 5; i++) {
                t.put(TestIds.id("x" + i), TestIds.data("x" + i, 4000));
            }
            Path file = ((StagedTransaction) t).staging().files().path(0);
            ((StagedTransaction) t).staging().seal();
            Files.createDirectories(path.resolve("repono/tmp"));
            Files.copy(file, path.resolve("repono/tmp").resolve(file.getFileName()));
            t.rollback();
        }
        assertEquals(1, staged(path));
        try (Repository repo = Repositories.open(path, OPTIONS.withExclusive(false))) {
            assertEquals(1, repo.size(), "a shared open ignores it");
            assertEquals(1, staged(path), "and leaves it alone: another session may be staging");
        }
        try (Repository repo = Repositories.open(path, OPTIONS)) {
            assertEquals(1, repo.size());
            assertEquals(0, staged(path), "the exclusive open drops it");
        }
    }
}
