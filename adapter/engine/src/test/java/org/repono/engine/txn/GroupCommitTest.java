package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

class GroupCommitTest {

    @TempDir
    Path tmp;

    @Test
    void invariant1_thirtyTwoThreadsCommitEverythingInFewerLogCommits() throws Exception {
        int threads = 32;
        int commits = 50;
        Path path = tmp.resolve("repo");
        long logCommits;
        long syncs;
        try (LogStore repo = (LogStore) Repositories.create(path, TestIds.options())) {
            long commitsBefore = repo.logCommits();
            long syncsBefore = repo.segmentSyncs();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < commits; i++) {
                        try (Transaction t = repo.begin()) {
                            String name = worker + "/" + i;
                            t.put(TestIds.id(name), TestIds.data(name, 4096));
                            t.commit();
                        }
                        // visible as soon as commit returned (invariant 1)
                        assertTrue(repo.contains(TestIds.id(worker + "/" + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long elapsed = System.nanoTime() - t0;
            pool.shutdown();
            logCommits = repo.logCommits() - commitsBefore;
            syncs = repo.segmentSyncs() - syncsBefore;
            System.out.printf("group commit: %d transactions in %d log commits, %.0f commits/s, %d syncs%n",
                    threads * commits, logCommits, threads * commits / (elapsed / 1e9), syncs);
            assertEquals(threads * commits, repo.size());
            assertTrue(logCommits < threads * commits, "batched: " + logCommits + " log commits");
            // 4 syncs per log commit (data segment + dir, commit segment + dir), plus data/<d> creations
            assertTrue(syncs <= 4 * logCommits + 8, syncs + " syncs for " + logCommits + " log commits");
        }
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            for (int w = 0; w < threads; w++) {
                for (int i = 0; i < commits; i += 7) {
                    String name = w + "/" + i;
                    assertArrayEquals(TestIds.data(name, 4096), repo.get(TestIds.id(name)));
                }
            }
        }
    }
}
