package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CompactionReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.SegmentUsage;
import org.repono.engine.Transaction;
import org.repono.engine.log.SegmentFiles;

class CompactionTest {

    @TempDir
    Path tmp;

    private static RepositoryOptions options() {
        return TestIds.options().withMaxSegmentSize(64 * 1024);
    }

    private static void put(Repository repo, String... names) {
        try (Transaction t = repo.begin()) {
            for (String n : names) {
                t.put(TestIds.id(n), TestIds.data(n, 20_000));
            }
            t.commit();
        }
    }

    private static void delete(Repository repo, String... names) {
        try (Transaction t = repo.begin()) {
            for (String n : names) {
                t.delete(TestIds.id(n));
            }
            t.commit();
        }
    }

    @Test
    void invariant5_aStreamOpenedBeforeCompactionReadsToTheEndAfterItsSegmentIsDeleted() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, options())) {
            put(repo, "keep", "drop1", "drop2");
            long segment = repo.stats().transactionId() - 1;
            delete(repo, "drop1", "drop2");
            Path file = new SegmentFiles(path, 1000).pathOf(segment);
            assertTrue(Files.exists(file));
            try (InputStream in = repo.openStream(TestIds.id("keep"))) {
                byte[] head = in.readNBytes(5000);
                CompactionReport report = repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
                assertTrue(report.segmentsRewritten() >= 1, report.toString());
                assertEquals(1, report.objectsMoved());
                assertTrue(report.bytesFreed() > 30_000, report.toString());
                assertFalse(Files.exists(file), "the sparse segment is gone");
                byte[] tail = in.readAllBytes();
                byte[] all = new byte[head.length + tail.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(tail, 0, all, head.length, tail.length);
                assertArrayEquals(TestIds.data("keep", 20_000), all);
            }
            assertArrayEquals(TestIds.data("keep", 20_000), repo.get(TestIds.id("keep")));
            assertFalse(repo.contains(TestIds.id("drop1")));
            assertEquals(repo.stats().transactionId(), repo.stats().indexCheckpointTransaction(),
                    "compaction ends with a checkpoint");
        }
    }

    @Test
    void invariant5_readersAndCommitsCarryOnWhileCompactionMovesObjects() throws Exception {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, options())) {
            List<String> live = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                put(repo, "o" + r + "a", "o" + r + "b", "o" + r + "c");
                live.add("o" + r + "a");
            }
            for (int r = 0; r < 10; r++) {
                delete(repo, "o" + r + "b", "o" + r + "c");
            }
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (!stop.get() || reads < 50) {
                        String n = live.get(reads % live.size());
                        assertArrayEquals(TestIds.data(n, 20_000), repo.get(TestIds.id(n)), n);
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<Integer> writer = pool.submit(() -> {
                int n = 0;
                while (!stop.get() || n < 5) {
                    put(repo, "w" + n++);
                }
                return n;
            });
            CompactionReport report = repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            stop.set(true);
            for (Future<Integer> f : readers) {
                assertTrue(f.get() > 0);
            }
            int written = writer.get();
            pool.shutdown();
            assertTrue(report.objectsMoved() >= 10, report.toString());
            for (String n : live) {
                assertArrayEquals(TestIds.data(n, 20_000), repo.get(TestIds.id(n)));
            }
            for (int i = 0; i < written; i++) {
                assertTrue(repo.contains(TestIds.id("w" + i)));
            }
            assertEquals(live.size() + written, repo.size());
        }
    }

    @Test
    void invariant5_deleteIsKeptWhileAnOlderSegmentStillHoldsThePut() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, options().withCheckpointBytes(1L << 40))) {
            // the PUT of "gone" shares a dense segment with live data; its DELETE sits in a sparse one
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 2; i++) {
                    t.put(TestIds.id("dense" + i), TestIds.data("dense" + i, 20_000));
                }
                t.put(TestIds.id("gone"), TestIds.data("gone", 100));
                t.commit();
            }
            put(repo, "x");
            try (Transaction t = repo.begin()) {
                t.delete(TestIds.id("gone"));
                t.delete(TestIds.id("x"));
                t.commit();
            }
            // with the index checkpointed past the DELETEs, only the shadow index decides what to keep
            repo.checkpoint();
            long deleteSegment = repo.stats().transactionId() - 1;
            CompactionReport report = repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(report.segmentsRewritten() >= 2, report.toString());
            assertFalse(Files.exists(new SegmentFiles(path, 1000).pathOf(deleteSegment)), "the DELETEs' segment was compacted");
            List<SegmentUsage> usage = repo.segmentUsage();
            assertFalse(usage.isEmpty());
        }
        // forget every index: a full replay must not resurrect "gone"
        try (Stream<Path> s = Files.list(path)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith("index.") || n.startsWith("hints.") || n.startsWith("integrity.")) {
                    Files.delete(p);
                }
            }
        }
        try (Repository repo = Repositories.open(path, options())) {
            assertFalse(repo.contains(TestIds.id("gone")), "the DELETE survived compaction");
            assertFalse(repo.contains(TestIds.id("x")));
            assertTrue(repo.contains(TestIds.id("dense1")));
            assertEquals(2, repo.size());
        }
    }

    @Test
    void cancelledBeforeStartChangesNothing() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, options())) {
            put(repo, "a", "b");
            delete(repo, "a");
            long tid = repo.stats().transactionId();
            long bytes = repo.stats().segmentBytes();
            Cancellation c = new Cancellation();
            c.cancel();
            CompactionReport report = repo.compact(0.1, ProgressListener.NONE, c);
            assertTrue(report.cancelled());
            assertEquals(0, report.segmentsRewritten());
            assertEquals(bytes, repo.stats().segmentBytes());
            assertTrue(repo.stats().transactionId() >= tid);
            assertTrue(repo.contains(TestIds.id("b")));
        }
    }
}
