package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;

/**
 * Found by {@link CrashSafetyTest}: an object that was overwritten and then deleted came back after compaction. The
 * overwrite's DELETE was not recorded in the shadow index (borg 1.2.4's {@code update_shadow_index=False}, a bug
 * borg fixed in 1.2.7, borgbackup/borg#6687 and #7896), so once compaction had moved the second PUT away, it judged
 * both DELETEs droppable while the first PUT still sat in an uncompacted segment: any rebuild of the index from the
 * segments (check, a lost index, borg) resurrected the object.
 */
class CompactionShadowTest {

    @Test
    void invariant5_compactionKeepsTheDeleteOfAnOverwrittenAndDeletedObject(@TempDir Path tmp) throws IOException {
        Path path = tmp.resolve("repo");
        byte[] k = id(1);
        byte[] bulk = id(2);
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults())) {
            // segment A: the first PUT of k beside much live data, so A stays below the compaction threshold
            commit(repo, txn -> {
                txn.put(k, "first".getBytes());
                txn.put(bulk, new byte[1 << 20]);
            });
            commit(repo, txn -> txn.put(k, "second".getBytes()));  // segment X: DELETE k, PUT k
            commit(repo, txn -> txn.delete(k));                     // segment Y: DELETE k
            repo.checkpoint();                                      // the DELETEs become "stable"
            repo.compact(0.5, null, null);
            assertFalse(repo.contains(k));
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check after compaction: " + report.problems());
            assertEquals(1, report.objects());
        }
        // the index is derived data: rebuilt from the segments alone, k must stay deleted
        deleteIndexFiles(path);
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            assertFalse(repo.contains(k), "the deleted object came back when the index was rebuilt from the segments");
            assertEquals(1, repo.size());
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after the compaction");
        }
    }

    private interface Changes {
        void apply(Transaction txn);
    }

    private static void commit(Repository repo, Changes changes) {
        try (Transaction txn = repo.begin()) {
            changes.apply(txn);
            txn.commit();
        }
    }

    private static void deleteIndexFiles(Path repo) throws IOException {
        try (Stream<Path> files = Files.list(repo)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("index.") || name.startsWith("hints.") || name.startsWith("integrity.")) {
                    Files.delete(p);
                }
            }
        }
    }

    static byte[] id(int n) {
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) n);
        id[31] = (byte) (n * 7);
        return id;
    }
}
