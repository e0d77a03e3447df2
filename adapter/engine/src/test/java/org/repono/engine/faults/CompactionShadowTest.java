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

    /**
     * The same history with a crash right after the overwrite's commit (the newest checkpoint is older than the
     * overwrite, as a SIGKILL before the next checkpoint leaves it): the reopen replays the overwrite, and the replay
     * must record its DELETE in the shadow index as the live commit did, or compaction resurrects the object.
     */
    @Test
    void invariant5_aReplayedOverwriteKeepsItsShadowEntry(@TempDir Path tmp) throws IOException {
        Path path = tmp.resolve("repo");
        Path saved = Files.createDirectories(tmp.resolve("checkpoint-before-the-overwrite"));
        byte[] k = id(1);
        byte[] bulk = id(2);
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults())) {
            commit(repo, txn -> {
                txn.put(k, "first".getBytes());
                txn.put(bulk, new byte[1 << 20]);
            });
            repo.checkpoint();
            copyIndexFiles(path, saved);
            // large enough that its segment is mostly freeable once k is deleted (a replay does not count the
            // overwrite's own DELETE as freeable, borg's does not either)
            commit(repo, txn -> txn.put(k, new byte[4096]));
        }
        // the crash: the overwrite is committed, but no checkpoint after it exists
        deleteIndexFiles(path);
        copyIndexFiles(saved, path);
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            assertEquals(4096, repo.get(k).length);
            commit(repo, txn -> txn.delete(k));
            repo.checkpoint();
            repo.compact(0.5, null, null);
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check after compaction: " + report.problems());
        }
        deleteIndexFiles(path);
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            assertFalse(repo.contains(k), "the deleted object came back when the index was rebuilt from the segments");
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after the compaction");
        }
    }

    private static void copyIndexFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("index.") || name.startsWith("hints.") || name.startsWith("integrity.")) {
                    Files.copy(p, to.resolve(name));
                }
            }
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
