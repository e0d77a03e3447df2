package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many concurrent clients of the CMT bean {@link Writer}, each call one JTA transaction: for the test that nothing
 * is lost under load, and for the benchmark (small transactions per second).
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Load {

    @Resource
    ManagedThreadFactory threads;

    @EJB
    Writer writer;

    @EJB
    Committed committed;

    /**
     * {@code clients} threads each run {@code transactions} transactions of {@code size} bytes; then every object
     * is looked up outside any transaction.
     */
    public Map<String, Object> run(String prefix, int clients, int transactions, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients, threads);
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailures = new ArrayList<>();
        long start;
        long elapsed;
        try {
            List<Future<?>> work = new ArrayList<>();
            start = System.nanoTime();
            for (int t = 0; t < clients; t++) {
                int client = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < transactions; i++) {
                        try {
                            writer.putSized(prefix + "-" + client + "-" + i, size);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            synchronized (firstFailures) {
                                if (firstFailures.size() < 3) {
                                    firstFailures.add(e.toString());
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            elapsed = System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
        int missing = 0;
        for (int t = 0; t < clients; t++) {
            for (int i = 0; i < transactions; i++) {
                if (!committed.contains(prefix + "-" + t + "-" + i)) {
                    missing++;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("transactions", clients * transactions);
        out.put("failures", failures.get());
        out.put("firstFailures", String.join(" | ", firstFailures));
        out.put("missing", missing);
        out.put("seconds", elapsed / 1e9);
        out.put("transactionsPerSecond", clients * transactions / (elapsed / 1e9));
        return out;
    }
}
