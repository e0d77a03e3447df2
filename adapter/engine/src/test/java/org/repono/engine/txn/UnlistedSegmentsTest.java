package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.SegmentUsage;
import org.repono.engine.Transaction;
import org.repono.engine.log.SegmentFiles;

class UnlistedSegmentsTest {

    @TempDir
    Path tmp;

    @Test
    void invariant5_segmentsACompactionEmptiedButDidNotDeleteAreTakenBackAndReclaimedLater() throws IOException {
        Path path = tmp.resolve("repo");
        SegmentFiles files = new SegmentFiles(path, 1000);
        Map<Long, byte[]> saved = new HashMap<>();
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("keep"), TestIds.data("keep", 3000));
                t.put(TestIds.id("old"), TestIds.data("old", 5000));
                t.commit();
            }
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("old"), TestIds.data("new", 100));
                t.delete(TestIds.id("keep"));
                t.put(TestIds.id("keep2"), TestIds.data("keep2", 50));
                t.commit();
            }
            for (long s : files.list()) {
                saved.put(s, Files.readAllBytes(files.pathOf(s)));
            }
            repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
        }
        // a crash after the compaction's checkpoint but before its deletes: the emptied files are back
        int restored = 0;
        for (Map.Entry<Long, byte[]> e : saved.entrySet()) {
            if (!Files.exists(files.pathOf(e.getKey()))) {
                Files.write(files.pathOf(e.getKey()), e.getValue());
                restored++;
            }
        }
        assertTrue(restored >= 2, "compaction had deleted segments");
        long expectedQuota = 0;
        for (long s : files.list()) {
            expectedQuota += putBytes(Files.readAllBytes(files.pathOf(s)));
        }
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            for (Map.Entry<Long, byte[]> e : saved.entrySet()) {
                long s = e.getKey();
                SegmentUsage usage = repo.segmentUsage().stream().filter(u -> u.segment() == s).findFirst().orElseThrow();
                assertTrue(usage.liveObjects() > 0 || usage.freeableBytes() == usage.fileBytes(),
                        "segment " + s + " is accounted for: " + usage);
            }
            assertEquals(expectedQuota, repo.stats().storageQuotaUse(), "quota use counts the PUTs on disk again");
            repo.checkpoint();
            CheckReport report = repo.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(report.clean(), report.problems().toString());
            repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            for (long s : saved.keySet()) {
                if (repo.segmentUsage().stream().noneMatch(u -> u.segment() == s)) {
                    assertFalse(Files.exists(files.pathOf(s)));
                }
            }
            assertArrayEquals(TestIds.data("new", 100), repo.get(TestIds.id("old")));
            assertArrayEquals(TestIds.data("keep2", 50), repo.get(TestIds.id("keep2")));
            assertFalse(repo.contains(TestIds.id("keep")));
            assertTrue(repo.check(false, ProgressListener.NONE, Cancellation.NEVER).clean());
        }
    }

    private static long putBytes(byte[] segment) {
        long total = 0;
        int at = 8;
        while (at + 9 <= segment.length) {
            int size = (segment[at + 4] & 0xFF) | (segment[at + 5] & 0xFF) << 8 | (segment[at + 6] & 0xFF) << 16
                    | (segment[at + 7] & 0xFF) << 24;
            if (segment[at + 8] == 0) {
                total += size;
            }
            at += size;
        }
        return total;
    }
}
