package org.repono.engine.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.ProgressListener;
import org.repono.engine.Transaction;

/**
 * The workloads of WORKLOADS.md against the engine, each run in a JVM of its own. Where borg's timed section
 * includes its lazy index load (check, list_all, delete_half, compact, open_large_index), ours includes
 * {@link Repositories#open}, which loads the index eagerly; closing is never timed, and writers report it as
 * {@code close_ms} because our close may checkpoint the index that borg writes inside its commit.
 */
public final class Workloads {
    /** Workload order: later ones use the repositories earlier ones left. */
    public static final List<String> NAMES = List.of("put_large", "check", "put_small", "get_random", "list_all",
            "delete_half", "compact", "commit_small_tx", "put_tiny", "commit_small_tx_large", "open_large_index",
            "commit_concurrent");
    /** The repositories the workloads create, removed at the end unless kept. */
    public static final List<String> REPOSITORIES = List.of("put_large", "put_small", "commit_small_tx", "put_tiny",
            "commit_concurrent");
    /** commit_concurrent's thread counts: one child process (and one line) each. */
    public static final int[] CONCURRENT_THREADS = {1, 8, 32};

    static final int GET_COUNT = 20_000;
    static final long GET_SEED = 42;
    static final int OPEN_REPEATS = 5;
    static final int LIST_PAGE = 10_000;
    static final int LARGE_TX = 50;
    static final int CONCURRENT_COMMITS = 500;

    private final Path dir;
    private final double scale;
    private final boolean warm;
    private final Consumer<BenchmarkLine> emit;

    /** @param warm never drop the page cache (cold workloads then say "warm") */
    public Workloads(Path dir, double scale, boolean warm, Consumer<BenchmarkLine> emit) {
        this.dir = dir;
        this.scale = scale;
        this.warm = warm;
        this.emit = emit;
    }

    private String evict() {
        return warm ? "warm" : PageCache.evict();
    }

    /** Runs one child's workload: a name of {@link #NAMES}, or "commit_concurrent:T". */
    public void run(String child) throws Exception {
        switch (child) {
            case "put_large", "put_small", "put_tiny" -> putFamily(child);
            case "check" -> check();
            case "get_random" -> getRandom();
            case "list_all" -> listAll();
            case "delete_half" -> deleteHalf();
            case "compact" -> compact();
            case "commit_small_tx" -> commitSmallTx();
            case "commit_small_tx_large" -> commitSmallTxLarge();
            case "open_large_index" -> openLargeIndex();
            default -> {
                if (child.startsWith("commit_concurrent:")) {
                    commitConcurrent(Integer.parseInt(child.substring("commit_concurrent:".length())));
                } else {
                    throw new IllegalArgumentException("no workload '" + child + "'");
                }
            }
        }
    }

    private static RepositoryOptions options(boolean exclusive) {
        return RepositoryOptions.defaults().withExclusive(exclusive);
    }

    void putFamily(String name) throws IOException {
        ObjectFamily fam = ObjectFamily.of(name, scale);
        int n = Math.toIntExact(fam.count());
        byte[] ids = fam.packedIds(0, n, 1);
        Path repo = dir.resolve(name);
        deleteTree(repo);
        LatencyRecorder lat = new LatencyRecorder(n);
        long t0;
        long c;
        long t1;
        long closed;
        Repository r = Repositories.create(repo, options(true));
        try {
            t0 = System.nanoTime();
            try (Transaction tx = r.begin()) {
                for (int i = 0; i < n; i++) {
                    byte[] data = fam.data(i);
                    byte[] id = ObjectFamily.idAt(ids, i);
                    long a = System.nanoTime();
                    tx.put(id, data);
                    lat.add(System.nanoTime() - a);
                }
                c = System.nanoTime();
                tx.commit();
                t1 = System.nanoTime();
            }
        } finally {
            r.close();
            closed = System.nanoTime();
        }
        emit.accept(new BenchmarkLine(name, n, (long) n * fam.size(), t1 - t0).latency(lat)
                .extra("commit_ms", (t1 - c) / 1e6, 2).extra("close_ms", (closed - t1) / 1e6, 2));
    }

    void check() {
        Path repo = dir.resolve("put_large");
        String cache = evict();
        CheckReport report;
        long t0 = System.nanoTime();
        long t1;
        try (Repository r = Repositories.open(repo, options(true))) {
            report = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            t1 = System.nanoTime();
        }
        if (!report.clean()) {
            throw new IllegalStateException("check found problems: " + report.problems());
        }
        emit.accept(new BenchmarkLine("check", ObjectFamily.of("put_large", scale).count(), segmentBytes(repo),
                t1 - t0).extra("cache", cache));
    }

    void getRandom() throws IOException {
        Path repo = dir.resolve("put_small");
        ObjectFamily fam = ObjectFamily.of("put_small", scale);
        SplitMix64 rng = new SplitMix64(GET_SEED);
        long[] picks = new long[Math.toIntExact(ObjectFamily.scaled(GET_COUNT, scale))];
        for (int k = 0; k < picks.length; k++) {
            picks[k] = rng.nextBelow(fam.count());
        }
        byte[] ids = fam.packedIds(picks);
        String cache = evict();
        try (Repository r = Repositories.open(repo, options(false))) {
            r.size(); // loads the index: not part of the timed section, as borg's len()
            for (String workload : new String[] {"get_random", "get_random_warm"}) {
                LatencyRecorder lat = new LatencyRecorder(picks.length);
                long nbytes = 0;
                long t0 = System.nanoTime();
                for (int k = 0; k < picks.length; k++) {
                    byte[] id = ObjectFamily.idAt(ids, k);
                    long a = System.nanoTime();
                    nbytes += r.get(id).length;
                    lat.add(System.nanoTime() - a);
                }
                long t1 = System.nanoTime();
                emit.accept(new BenchmarkLine(workload, picks.length, nbytes, t1 - t0).latency(lat)
                        .extra("cache", workload.equals("get_random") ? cache : "warm"));
            }
            MessageDigest md = ObjectFamily.sha256();
            for (int k = 0; k < Math.min(1000, picks.length); k++) {
                byte[] id = ObjectFamily.idAt(ids, k);
                if (!Arrays.equals(md.digest(r.get(id)), id)) {
                    throw new IllegalStateException("get_random read wrong bytes for object " + picks[k]);
                }
            }
        }
    }

    void listAll() {
        Path repo = dir.resolve("put_small");
        String cache = evict();
        long count = 0;
        long t0 = System.nanoTime();
        long t1;
        try (Repository r = Repositories.open(repo, options(false))) {
            byte[] marker = null;
            for (List<byte[]> page; !(page = r.list(LIST_PAGE, marker)).isEmpty(); marker = page.get(page.size() - 1)) {
                count += page.size();
            }
            t1 = System.nanoTime();
        }
        long expected = ObjectFamily.of("put_small", scale).count();
        if (count != expected) {
            throw new IllegalStateException("list_all listed " + count + " ids, expected " + expected);
        }
        emit.accept(new BenchmarkLine("list_all", count, 0, t1 - t0).extra("cache", cache));
    }

    void deleteHalf() {
        Path repo = dir.resolve("put_small");
        ObjectFamily fam = ObjectFamily.of("put_small", scale);
        byte[] ids = fam.packedIds(0, fam.count(), 2);
        int n = ids.length / 32;
        String cache = evict();
        LatencyRecorder lat = new LatencyRecorder(n);
        long t0 = System.nanoTime();
        long t1;
        long closed;
        Repository r = Repositories.open(repo, options(true));
        try (Transaction tx = r.begin()) {
            for (int k = 0; k < n; k++) {
                byte[] id = ObjectFamily.idAt(ids, k);
                long a = System.nanoTime();
                tx.delete(id);
                lat.add(System.nanoTime() - a);
            }
            tx.commit();
            t1 = System.nanoTime();
        } finally {
            r.close();
            closed = System.nanoTime();
        }
        emit.accept(new BenchmarkLine("delete_half", n, 0, t1 - t0).latency(lat).extra("cache", cache)
                .extra("close_ms", (closed - t1) / 1e6, 2));
    }

    void compact() throws IOException {
        Path repo = dir.resolve("put_small");
        ObjectFamily fam = ObjectFamily.of("put_small", scale);
        long before = segmentBytes(repo);
        String cache = evict();
        long t0 = System.nanoTime();
        long t1;
        long closed;
        Repository r = Repositories.open(repo, options(true));
        try {
            r.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            t1 = System.nanoTime();
        } finally {
            r.close();
            closed = System.nanoTime();
        }
        long live;
        try (Repository again = Repositories.open(repo, options(false))) {
            live = again.size();
        }
        if (live != fam.count() / 2) {
            throw new IllegalStateException("compact left " + live + " objects, expected " + fam.count() / 2);
        }
        emit.accept(new BenchmarkLine("compact", live, before, t1 - t0).extra("cache", cache)
                .extra("segment_bytes_before", before).extra("segment_bytes_after", segmentBytes(repo))
                .extra("close_ms", (closed - t1) / 1e6, 2));
    }

    void commitSmallTx() throws IOException {
        ObjectFamily fam = ObjectFamily.of("commit_small_tx", scale);
        int n = Math.toIntExact(fam.count());
        byte[] ids = fam.packedIds(0, n, 1);
        Path repo = dir.resolve("commit_small_tx");
        deleteTree(repo);
        LatencyRecorder lat = new LatencyRecorder(n);
        long t0;
        long t1;
        try (Repository r = Repositories.create(repo, options(true))) {
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] data = fam.data(i);
                byte[] id = ObjectFamily.idAt(ids, i);
                long a = System.nanoTime();
                try (Transaction tx = r.begin()) {
                    tx.put(id, data);
                    tx.commit();
                }
                lat.add(System.nanoTime() - a);
            }
            t1 = System.nanoTime();
        }
        emit.accept(new BenchmarkLine("commit_small_tx", n, (long) n * fam.size(), t1 - t0).latency(lat));
    }

    void commitSmallTxLarge() {
        ObjectFamily fam = ObjectFamily.of("commit_small_tx", scale);
        int n = Math.toIntExact(ObjectFamily.scaled(LARGE_TX, scale));
        byte[] ids = fam.packedIds(0, n, 1);
        LatencyRecorder lat = new LatencyRecorder(n);
        long keys;
        long t0;
        long t1;
        try (Repository r = Repositories.open(dir.resolve("put_tiny"), options(true))) {
            keys = r.size();
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] data = fam.data(i);
                byte[] id = ObjectFamily.idAt(ids, i);
                long a = System.nanoTime();
                try (Transaction tx = r.begin()) {
                    tx.put(id, data);
                    tx.commit();
                }
                lat.add(System.nanoTime() - a);
            }
            t1 = System.nanoTime();
            try (Transaction tx = r.begin()) { // leave put_tiny as it was, untimed
                for (int i = 0; i < n; i++) {
                    tx.delete(ObjectFamily.idAt(ids, i));
                }
                tx.commit();
            }
        }
        emit.accept(new BenchmarkLine("commit_small_tx_large", n, (long) n * fam.size(), t1 - t0).latency(lat)
                .extra("keys", keys));
    }

    void openLargeIndex() throws IOException {
        Path repo = dir.resolve("put_tiny");
        ObjectFamily fam = ObjectFamily.of("put_tiny", scale);
        byte[] target = fam.id(0);
        byte[] expected = fam.data(0);
        LatencyRecorder lat = new LatencyRecorder(OPEN_REPEATS);
        String cache = "warm";
        for (int k = 0; k < OPEN_REPEATS; k++) {
            cache = evict();
            long a = System.nanoTime();
            Repository r = Repositories.open(repo, options(false));
            byte[] data;
            try {
                data = r.get(target);
                lat.add(System.nanoTime() - a);
            } finally {
                r.close();
            }
            if (!Arrays.equals(data, expected)) {
                throw new IllegalStateException("open_large_index read wrong bytes for object 0");
            }
        }
        long indexBytes = newestIndexBytes(repo);
        emit.accept(new BenchmarkLine("open_large_index", OPEN_REPEATS, OPEN_REPEATS * indexBytes, lat.sumNanos())
                .latency(lat).extra("cache", cache).extra("keys", fam.count()).extra("index_bytes", indexBytes));
    }

    /**
     * Ours: T threads share one open repository, each committing one 4 KiB object per transaction until
     * max(T, round(500 × scale)) commits are done (objects of the commit_small_tx family), on a new repository.
     */
    void commitConcurrent(int threads) throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("commit_concurrent needs at least one thread, not " + threads);
        }
        ObjectFamily fam = ObjectFamily.of("commit_small_tx", scale);
        int n = Math.toIntExact(Math.max(threads, ObjectFamily.scaled(CONCURRENT_COMMITS, scale)));
        byte[] ids = fam.packedIds(0, n, 1);
        Path repo = dir.resolve("commit_concurrent");
        deleteTree(repo);
        LatencyRecorder lat = new LatencyRecorder(n);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long t0;
        long t1;
        try (Repository r = Repositories.create(repo, options(true))) {
            List<Thread> workers = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        for (int i; (i = next.getAndIncrement()) < n && failure.get() == null; ) {
                            byte[] data = fam.data(i);
                            byte[] id = ObjectFamily.idAt(ids, i);
                            long a = System.nanoTime();
                            try (Transaction tx = r.begin()) {
                                tx.put(id, data);
                                tx.commit();
                            }
                            lat.set(i, System.nanoTime() - a);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "commit-" + t);
                workers.add(w);
                w.start();
            }
            t0 = System.nanoTime();
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            t1 = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("commit_concurrent: a committing thread failed", failure.get());
            }
            if (r.size() != n) {
                throw new IllegalStateException("commit_concurrent left " + r.size() + " objects, expected " + n);
            }
        }
        emit.accept(new BenchmarkLine("commit_concurrent", n, (long) n * fam.size(), t1 - t0).latency(lat)
                .extra("threads", threads));
    }

    /** Bytes of all segment files: every file under data/ whose name is a number. */
    static long segmentBytes(Path repo) {
        try (Stream<Path> s = Files.walk(repo.resolve("data"), 2)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+") && Files.isRegularFile(p))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // deleted while we walked: not a segment any more
                        }
                    }).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Size of the index.N with the highest N, 0 when there is none. */
    static long newestIndexBytes(Path repo) throws IOException {
        try (Stream<Path> s = Files.list(repo)) {
            Path newest = s.filter(p -> p.getFileName().toString().matches("index\\.\\d+"))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(6))))
                    .orElse(null);
            return newest == null ? 0 : Files.size(newest);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
