package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;

/**
 * The crash window {@link CrashSafetyTest} hits only now and then, made exact: a compaction that wrote its COMMIT and
 * its index checkpoint and was killed before it deleted the segments it emptied. The state such a kill leaves is the
 * finished compaction plus the emptied segment files put back (a single-transfer compaction checkpoints at the same
 * transaction id before and after its deletes). Reopened, the repository must hold the same objects, pass the
 * engine's check and borg's, and a further compaction must reclaim the leftovers.
 */
class InterruptedCompactionTest {

    @Test
    void invariant5_compactionKilledBeforeDeletingItsEmptiedSegmentsLosesNothing(@TempDir Path tmp) throws IOException {
        Path path = tmp.resolve("repo");
        Path saved = Files.createDirectories(tmp.resolve("segments-before"));
        SplittableRandom random = new SplittableRandom(42);
        Map<String, byte[]> expected = new HashMap<>();
        RepositoryOptions options = RepositoryOptions.defaults();  // one target segment: a single transfer
        try (Repository repo = Repositories.create(path, options)) {
            List<byte[]> ids = new ArrayList<>();
            for (int round = 0; round < 30; round++) {
                try (Transaction txn = repo.begin()) {
                    for (int i = 0; i < 4; i++) {
                        byte[] id = ids.isEmpty() || random.nextInt(3) > 0 ? randomId(random) : ids.get(random.nextInt(ids.size()));
                        byte[] data = new byte[random.nextInt(20_000)];
                        random.nextBytes(data);
                        txn.put(id, data);
                        if (expected.put(hex(id), data) == null) {
                            ids.add(id);
                        }
                    }
                    if (round % 3 == 2) {
                        byte[] gone = ids.remove(random.nextInt(ids.size()));
                        txn.delete(gone);
                        expected.remove(hex(gone));
                    }
                    txn.commit();
                }
                if (round == 10) {
                    repo.checkpoint();
                }
            }
            copySegments(path.resolve("data"), saved);
            repo.compact(0.2, null, null);
        }
        int restored = restoreDeletedSegments(saved, path.resolve("data"));
        assertTrue(restored > 0, "the compaction deleted no segment: the test proves nothing");

        BorgCommand borg = BorgCommand.available() ? new BorgCommand(tmp.resolve("borg-base")) : null;
        if (borg != null) {
            borg.requireCleanCheck(path, "with the emptied segments back");
        }
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            assertContent(repo, expected);
            repo.checkpoint();
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check with " + restored + " emptied segments back: " + report.problems());
            repo.compact(0.2, null, null);
            CheckReport after = repo.check(false, null, null);
            assertTrue(after.clean(), () -> "check after the next compaction: " + after.problems());
            assertContent(repo, expected);
        }
        if (borg != null) {
            borg.requireCleanCheck(path, "after the next compaction");
        }
    }

    private static void assertContent(Repository repo, Map<String, byte[]> expected) {
        assertEquals(expected.size(), repo.size());
        expected.forEach((id, data) -> assertEquals(hex(data), hex(repo.get(java.util.HexFormat.of().parseHex(id))), id));
    }

    private static void copySegments(Path data, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(data.relativize(p));
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    /** Puts back every saved segment the compaction deleted; returns how many. */
    private static int restoreDeletedSegments(Path saved, Path data) throws IOException {
        int n = 0;
        try (Stream<Path> all = Files.walk(saved)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path target = data.resolve(saved.relativize(p));
                if (!Files.exists(target)) {
                    Files.copy(p, target);
                    n++;
                }
            }
        }
        return n;
    }

    private static byte[] randomId(SplittableRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
