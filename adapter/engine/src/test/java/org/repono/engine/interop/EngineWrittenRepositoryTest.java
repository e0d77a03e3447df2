package org.repono.engine.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CompactionReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.Fixtures;

/** Repositories the engine writes are repositories borg 1.2.4 accepts and reads the same. */
class EngineWrittenRepositoryTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void borgInstalled() {
        assumeTrue(Borg.available(), "borg 1.2.4 is not installed");
    }

    static RepositoryOptions options() {
        return RepositoryOptions.defaults().withLockWait(Duration.ofSeconds(10)).withMaxSegmentSize(8192)
                .withSegmentsPerDir(5);
    }

    static byte[] id(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] data(String s, int n) {
        byte[] out = new byte[n];
        byte[] seed = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed[i % seed.length] * 31 + i);
        }
        return out;
    }

    /** borg check passes silently; borg's library lists exactly the live ids with the same bytes; get-obj agrees. */
    private void verifyWithBorg(Borg borg, Path repo, Map<String, byte[]> live, Iterable<String> gone) {
        borg.checkClean(repo);
        Map<String, String> expected = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> e : live.entrySet()) {
            expected.put(Borg.hex(id(e.getKey())), Borg.sha256(e.getValue()));
        }
        Map<String, String> seen = borg.readAll(repo);
        seen.remove(Borg.hex(new byte[32]));
        assertEquals(expected, seen, "what borg's library reads");
        String some = live.keySet().iterator().next();
        assertArrayEquals(live.get(some), borg.get(repo, id(some)), "borg debug get-obj " + some);
        String g = gone.iterator().next();
        assertNull(borg.get(repo, id(g)), g + " must be gone for borg");
    }

    @Test
    void putsDeletesOverwritesAcrossSegmentsPassBorgCheck() {
        Borg borg = new Borg(tmp.resolve("borg"));
        Path path = tmp.resolve("repo");
        Map<String, byte[]> live = new HashMap<>();
        try (Repository repo = Repositories.create(path, options())) {
            for (int round = 0; round < 6; round++) {
                try (Transaction t = repo.begin()) {
                    for (int i = 0; i < 5; i++) {
                        String k = "k" + round + "-" + i;
                        byte[] d = data(k, 1500 + 97 * i);
                        t.put(id(k), d);
                        live.put(k, d);
                    }
                    if (round > 0) {
                        String over = "k" + (round - 1) + "-0";
                        byte[] d = data(over + "v2", 700);
                        t.put(id(over), d);
                        live.put(over, d);
                        String del = "k" + (round - 1) + "-1";
                        t.delete(id(del));
                        live.remove(del);
                    }
                    t.commit();
                }
            }
            // the manifest id forces segments of its own, as borg's
            try (Transaction t = repo.begin()) {
                t.put(new byte[32], data("manifest", 300));
                t.commit();
            }
            // a prepared branch left undecided lives outside data/: borg neither sees nor minds it
            Transaction pending = repo.begin();
            pending.put(id("prepared-only"), data("prepared-only", 100));
            pending.prepare("xid-left-prepared".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(Files.isDirectory(path.resolve("repono/prepared")));
        verifyWithBorg(borg, path, live, java.util.List.of("prepared-only", "k0-1", "k1-1", "k4-1"));
        assertArrayEquals(data("manifest", 300), borg.get(path, new byte[32]));
    }

    @Test
    void invariant3_borgReplaysAnIndexCheckpointThatLagsTheLog() throws IOException {
        Borg borg = new Borg(tmp.resolve("borg"));
        Path path = tmp.resolve("repo");
        Path copy = tmp.resolve("copy");
        Map<String, byte[]> live = new HashMap<>();
        try (Repository repo = Repositories.create(path, options().withCheckpointBytes(1L << 40))) {
            for (int round = 0; round < 4; round++) {
                try (Transaction t = repo.begin()) {
                    String k = "lag" + round;
                    t.put(id(k), data(k, 3000));
                    live.put(k, data(k, 3000));
                    if (round == 2) {
                        t.delete(id("lag0"));
                        live.remove("lag0");
                    }
                    t.commit();
                }
            }
            assertEquals(1, repo.stats().indexCheckpointTransaction(), "no checkpoint since create");
            // a crash now: copy the files as they are, without the lock (the engine still holds it)
            Fixtures.copyTree(path, copy);
        }
        Files.deleteIfExists(copy.resolve("lock.roster"));
        Fixtures.deleteTree(copy.resolve("lock.exclusive"));
        assertTrue(Files.exists(copy.resolve("index.1")));
        verifyWithBorg(borg, copy, live, java.util.List.of("lag0"));
        // and the engine reopens a lagging copy too
        Path second = tmp.resolve("second");
        Fixtures.copyTree(path, second);
        try (Repository repo = Repositories.open(second, options())) {
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                assertArrayEquals(e.getValue(), repo.get(id(e.getKey())));
            }
        }
    }

    @Test
    void invariant5_compactionKeepsBorgsViewIntact() {
        Borg borg = new Borg(tmp.resolve("borg"));
        Path path = tmp.resolve("repo");
        Map<String, byte[]> live = new HashMap<>();
        java.util.List<String> gone = new java.util.ArrayList<>();
        try (Repository repo = Repositories.create(path, options())) {
            try (Transaction t = repo.begin()) {
                t.put(new byte[32], data("manifest", 200)); // borg compact re-puts the manifest
                t.commit();
            }
            for (int round = 0; round < 8; round++) {
                try (Transaction t = repo.begin()) {
                    for (int i = 0; i < 4; i++) {
                        String k = "c" + round + "-" + i;
                        t.put(id(k), data(k, 2000));
                        live.put(k, data(k, 2000));
                    }
                    t.commit();
                }
            }
            try (Transaction t = repo.begin()) {
                for (int round = 0; round < 8; round += 2) {
                    for (int i = 0; i < 3; i++) {
                        String k = "c" + round + "-" + i;
                        t.delete(id(k));
                        live.remove(k);
                        gone.add(k);
                    }
                }
                t.put(id("c1-0"), data("c1-0 again", 900));
                live.put("c1-0", data("c1-0 again", 900));
                t.commit();
            }
            // an XA branch: its commit also writes the DELETE of its marker key, which borg must tolerate
            Transaction branch = repo.begin();
            branch.put(id("via-xa"), data("via-xa", 1500));
            branch.prepare("xa-branch".getBytes(StandardCharsets.US_ASCII));
            repo.commitPrepared("xa-branch".getBytes(StandardCharsets.US_ASCII));
            live.put("via-xa", data("via-xa", 1500));
            long before = repo.stats().segmentBytes();
            CompactionReport report = repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(report.segmentsRewritten() > 0, "something to compact: " + report);
            assertTrue(repo.stats().segmentBytes() < before, "space freed");
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                assertArrayEquals(e.getValue(), repo.get(id(e.getKey())), e.getKey());
            }
        }
        verifyWithBorg(borg, path, live, gone);
        // borg compacts what the engine wrote, the engine reads borg's result
        borg.run("compact", path.toString()).requireOk("borg compact");
        try (Repository repo = Repositories.open(path, options())) {
            assertEquals(live.size() + 1, repo.size(), "live objects and the manifest");
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                assertArrayEquals(e.getValue(), repo.get(id(e.getKey())), e.getKey());
            }
        }
        verifyWithBorg(borg, path, live, gone);
    }
}
