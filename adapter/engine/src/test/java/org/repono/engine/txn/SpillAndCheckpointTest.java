package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.index.IndexFiles;

class SpillAndCheckpointTest {

    @TempDir
    Path tmp;

    private static long spillFiles(Path repo) throws IOException {
        Path dir = repo.resolve("repono/tmp");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void stagingSpillsPastSpillBytesAndStillReadsItsOwnWrites() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options().withSpillBytes(10_000))) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("m"), TestIds.data("m", 5000));
                assertFalse(((StagedTransaction) t).staging().spilled(), "fits in memory");
                for (int i = 0; i < 5; i++) {
                    t.put(TestIds.id("s" + i), TestIds.data("s" + i, 4000));
                }
                assertTrue(((StagedTransaction) t).staging().spilled(), "spilled to a file");
                assertTrue(Files.isDirectory(path.resolve("repono/tmp")), "spill files live in repono/tmp");
                byte[] big = TestIds.data("big", 50_000);
                t.put(TestIds.id("big"), new ByteArrayInputStream(big), big.length);
                t.put(TestIds.id("s0"), TestIds.data("s0 again", 10));
                t.delete(TestIds.id("s1"));
                assertArrayEquals(TestIds.data("m", 5000), t.get(TestIds.id("m")));
                assertArrayEquals(big, t.get(TestIds.id("big")));
                try (InputStream in = t.openStream(TestIds.id("big"))) {
                    assertArrayEquals(big, in.readAllBytes());
                }
                assertArrayEquals(TestIds.data("s0 again", 10), t.get(TestIds.id("s0")));
                assertFalse(t.contains(TestIds.id("s1")));
                t.commit();
            }
            assertEquals(0, spillFiles(path), "no spill file left behind");
            assertArrayEquals(TestIds.data("big", 50_000), repo.get(TestIds.id("big")));
            assertArrayEquals(TestIds.data("s0 again", 10), repo.get(TestIds.id("s0")));
            assertFalse(repo.contains(TestIds.id("s1")));
            assertArrayEquals(TestIds.data("s4", 4000), repo.get(TestIds.id("s4")));
            assertEquals(6, repo.size(), "m, s0, s2, s3, s4, big");
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("r"), TestIds.data("r", 20_000));
                assertTrue(((StagedTransaction) t).staging().spilled());
                t.rollback();
            }
            assertEquals(0, spillFiles(path), "no spill file left behind");
        }
    }

    @Test
    void invariant3_checkpointIsWrittenOnceTheLogMovedCheckpointBytesAndNeverAtEachCommit() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options().withCheckpointBytes(50_000))) {
            long first = repo.stats().indexCheckpointTransaction();
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("1"), TestIds.data("1", 10_000));
                t.commit();
            }
            assertEquals(first, repo.stats().indexCheckpointTransaction(), "a commit does not rewrite index.N");
            for (int i = 0; i < 6; i++) {
                try (Transaction t = repo.begin()) {
                    t.put(TestIds.id("c" + i), TestIds.data("c" + i, 10_000));
                    t.commit();
                }
            }
            long checkpoint = repo.stats().indexCheckpointTransaction();
            assertTrue(checkpoint > first, "checkpointed after more than 50 000 log bytes");
            assertTrue(checkpoint < repo.stats().transactionId() || checkpoint == repo.stats().transactionId());
            assertEquals(checkpoint, IndexFiles.newestIndexTransaction(path));
        }
        // close writes the final checkpoint
        assertTrue(Files.exists(path.resolve("index." + lastTransaction(path))));
    }

    private static long lastTransaction(Path path) {
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            return repo.stats().transactionId();
        }
    }

    @Test
    void invariant3_reopenReplaysTheLogAfterTheCheckpointAndReportsProgress() throws IOException {
        Path path = tmp.resolve("repo");
        Path crashed = tmp.resolve("crashed");
        try (Repository repo = Repositories.create(path, TestIds.options().withCheckpointBytes(1L << 40))) {
            for (int i = 0; i < 5; i++) {
                try (Transaction t = repo.begin()) {
                    t.put(TestIds.id("p" + i), TestIds.data("p" + i, 3000));
                    if (i == 3) {
                        t.delete(TestIds.id("p1"));
                    }
                    t.commit();
                }
            }
            copyWithoutLock(path, crashed);
        }
        List<Double> progress = new ArrayList<>();
        try (Repository repo = Repositories.open(crashed, TestIds.options(),
                (phase, fraction, done, total) -> progress.add(fraction))) {
            assertEquals(4, repo.size());
            assertFalse(repo.contains(TestIds.id("p1")));
            assertArrayEquals(TestIds.data("p4", 3000), repo.get(TestIds.id("p4")));
            assertEquals(1, repo.stats().indexCheckpointTransaction(), "replayed in memory, checkpoint at close");
        }
        assertFalse(progress.isEmpty());
        assertEquals(1.0, progress.get(progress.size() - 1));
        assertTrue(Files.exists(crashed.resolve("index." + lastTransaction(crashed))));
    }

    static void copyWithoutLock(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().startsWith("lock")) {
                    continue;
                }
                Path dst = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
    }
}
