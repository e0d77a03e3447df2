package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.log.WriteChannels;

class VisibilityTest {

    @TempDir
    Path tmp;

    @Test
    void invariant1_anObjectIsInvisibleUntilTheCommitSegmentAfterItIsWrittenAndSynced() throws Exception {
        Path path = tmp.resolve("repo");
        SegmentFiles files = new SegmentFiles(path, 1000);
        byte[] id = TestIds.id("pending");
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            long tid = repo.stats().transactionId();
            Path dataSegment = files.pathOf(tid + 1);
            Path commitSegment = files.pathOf(tid + 2);
            CountDownLatch atCommit = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            WriteChannels.Opener previous = WriteChannels.replace((file, options, attributes) -> {
                if (file.equals(commitSegment)) {
                    atCommit.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return WriteChannels.platform().open(file, options, attributes);
            });
            try {
                CompletableFuture<Void> committing = CompletableFuture.runAsync(() -> {
                    try (Transaction t = repo.begin()) {
                        t.put(id, TestIds.data("pending", 500));
                        t.commit();
                    }
                });
                assertTrue(atCommit.await(30, TimeUnit.SECONDS), "the writer reached the COMMIT segment");
                // the data segment is complete and synced, the COMMIT is not yet there
                assertTrue(Files.size(dataSegment) > 500);
                assertFalse(Files.exists(commitSegment));
                assertFalse(repo.contains(id));
                assertThrows(ObjectNotFoundException.class, () -> repo.get(id));
                assertEquals(tid, repo.stats().transactionId());
                assertFalse(committing.isDone(), "commit() has not returned");
                release.countDown();
                committing.get(30, TimeUnit.SECONDS);
            } finally {
                WriteChannels.restore(previous);
            }
            assertTrue(SegmentScanner.isCommitted(commitSegment));
            assertEquals(17, Files.size(commitSegment));
            assertArrayEquals(TestIds.data("pending", 500), repo.get(id));
            assertEquals(tid + 2, repo.stats().transactionId());
        }
    }
}
