package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;

/**
 * A commit leaves the sizes of the PUTs it supersedes to be read later, all at once (PendingFreeable); what the
 * hints then say must be exactly what reading each header at once (borg's way) gives.
 */
class DeferredFreeableTest {

    @TempDir
    Path tmp;

    private static final RepositoryOptions OPTIONS = TestIds.options().withMaxSegmentSize(16 * 1024);

    private static int length(int i) {
        return 300 + (i * 37) % 2000;
    }

    @Test
    void freeableBytesOfDeletedAndOverwrittenObjectsAreExactOnceSettled() {
        Path path = tmp.resolve("repo");
        long expected;
        try (Repository repo = Repositories.create(path, OPTIONS)) {
            for (int batch = 0; batch < 3; batch++) {
                try (Transaction t = repo.begin()) {
                    for (int i = batch * 100; i < batch * 100 + 100; i++) {
                        t.put(TestIds.id("o" + i), TestIds.data("o" + i, length(i)));
                    }
                    t.commit();
                }
            }
            long before = repo.stats().freeableBytes();
            long superseded = 0;
            int deletes = 0;
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 300; i += 2) {
                    t.delete(TestIds.id("o" + i));
                    superseded += 41 + length(i);
                    deletes++;
                }
                for (int i = 1; i < 300; i += 10) {
                    t.put(TestIds.id("o" + i), TestIds.data("new" + i, 100)); // a put over a live id: DELETE, then PUT
                    superseded += 41 + length(i);
                    deletes++;
                }
                t.commit();
            }
            // every superseded PUT, one 41-byte DELETE entry each, and the 9-byte COMMIT of the new commit segment
            expected = before + superseded + 41L * deletes + 9;
            assertEquals(expected, repo.stats().freeableBytes());
            assertEquals(expected, repo.segmentUsage().stream().mapToLong(u -> u.freeableBytes()).sum());
        }
        try (Repository repo = Repositories.open(path, OPTIONS)) {
            assertEquals(expected, repo.stats().freeableBytes(), "hints.N written at close carries the same sums");
        }
    }

    @Test
    void compactionSeesTheSettledSizesAndReclaimsTheSpace() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, OPTIONS)) {
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 100; i++) {
                    t.put(TestIds.id("o" + i), TestIds.data("o" + i, 1000));
                }
                t.commit();
            }
            long bytesBefore = repo.stats().segmentBytes();
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 100; i++) {
                    if (i % 4 != 0) {
                        t.delete(TestIds.id("o" + i));
                    }
                }
                t.commit();
            }
            repo.compact(0.1, null, null);
            assertEquals(25, repo.size());
            long bytesAfter = repo.stats().segmentBytes();
            // 75 of 100 PUTs of 1041 bytes are gone: only compaction that knew their sizes frees that much
            assertTrue(bytesBefore - bytesAfter > 70 * 1041L, bytesBefore + " -> " + bytesAfter);
            assertTrue(repo.stats().freeableBytes() < 25 * 1041L, "little left to free: " + repo.stats().freeableBytes());
        }
    }
}
