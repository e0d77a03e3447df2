package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

/** The check's thread count comes from repono.check.threads (what the CLI's --threads sets). */
class CheckThreadsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(LogStore.CHECK_THREADS_PROPERTY);
    }

    @Test
    void thePropertySetsTheCountAndNonsenseFallsBackToOnePerProcessor() {
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        assertEquals(processors, LogStore.checkThreads());
        System.setProperty(LogStore.CHECK_THREADS_PROPERTY, "3");
        assertEquals(3, LogStore.checkThreads());
        for (String nonsense : new String[] {"0", "-2", "1025", "many", ""}) {
            System.setProperty(LogStore.CHECK_THREADS_PROPERTY, nonsense);
            assertEquals(processors, LogStore.checkThreads(), "'" + nonsense + "'");
        }
    }

    @Test
    void checkReadsWithThatManyThreads() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options().withMaxSegmentSize(4096))) {
            for (int i = 0; i < 12; i++) {
                try (Transaction t = repo.begin()) {
                    t.put(TestIds.id("o" + i), TestIds.data("o" + i, 5000)); // a segment each
                    t.commit();
                }
            }
            for (int threads : new int[] {1, 3}) {
                System.setProperty(LogStore.CHECK_THREADS_PROPERTY, Integer.toString(threads));
                AtomicInteger most = new AtomicInteger();
                CheckReport report = repo.check(false, (phase, fraction, done, total) -> most.accumulateAndGet(
                        (int) Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.isAlive() && t.getName().startsWith("repono-check-")).count(), Math::max),
                        Cancellation.NEVER);
                assertTrue(report.clean(), report.problems().toString());
                assertEquals(threads, most.get(), "reader threads seen while checking with " + threads);
            }
        }
    }
}
