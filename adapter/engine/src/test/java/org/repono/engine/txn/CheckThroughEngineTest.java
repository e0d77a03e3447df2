package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.log.SegmentFiles;

class CheckThroughEngineTest {

    @TempDir
    Path tmp;

    @Test
    void checkOfAHealthyRepositoryWithALaggingCheckpointIsClean() {
        try (Repository repo = Repositories.create(tmp.resolve("repo"), TestIds.options().withCheckpointBytes(1L << 40))) {
            for (int i = 0; i < 4; i++) {
                try (Transaction t = repo.begin()) {
                    t.put(TestIds.id("h" + i), TestIds.data("h" + i, 5000));
                    if (i == 2) {
                        t.delete(TestIds.id("h0"));
                    }
                    t.commit();
                }
            }
            CheckReport report = repo.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(report.clean(), report.problems().toString());
            assertEquals(3, report.objects());
        }
    }

    @Test
    void repairNeedsTheRepositoryToItselfAndIsRefusedInAppendOnlyMode() {
        try (Repository repo = Repositories.create(tmp.resolve("repo"), TestIds.options())) {
            Transaction open = repo.begin();
            TransactionStateException e = assertThrows(TransactionStateException.class,
                    () -> repo.check(true, ProgressListener.NONE, Cancellation.NEVER));
            assertTrue(e.getMessage().contains("repair needs the repository to itself: 1 transactions open"), e.getMessage());
            open.rollback();
        }
        Repositories.create(tmp.resolve("ao"), TestIds.options().withAppendOnly(true)).close();
        try (Repository repo = Repositories.open(tmp.resolve("ao"), TestIds.options())) {
            assertThrows(AppendOnlyException.class, () -> repo.check(true, ProgressListener.NONE, Cancellation.NEVER));
        }
    }

    @Test
    void repairOfADamagedSegmentReloadsTheState() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("good"), TestIds.data("good", 3000));
                t.commit();
            }
            long goodSegment = repo.stats().transactionId() - 1;
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("bad"), TestIds.data("bad", 3000));
                t.commit();
            }
            long badSegment = repo.stats().transactionId() - 1;
            try (FileChannel ch = FileChannel.open(new SegmentFiles(path, 1000).pathOf(badSegment), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {0x55, 0x55}), 1000);
            }
            CheckReport found = repo.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertFalse(found.clean());
            CheckReport repaired = repo.check(true, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(repaired.repair());
            assertFalse(repo.contains(TestIds.id("bad")), "the damaged entry did not survive");
            assertArrayEquals(TestIds.data("good", 3000), repo.get(TestIds.id("good")));
            assertTrue(goodSegment < badSegment);
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("after"), TestIds.data("after", 10));
                t.commit();
            }
            assertTrue(repo.check(false, ProgressListener.NONE, Cancellation.NEVER).clean());
        }
    }
}
