package org.repono.engine.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;

/**
 * A transaction larger than the staging memory is written as segment files that the log adopts at commit (renamed
 * into data/, not copied). What it leaves must be a log borg 1.2.4 accepts as its own: borg checks it clean,
 * reads every object, compacts it and checks it clean again - including the awkward cases (a put over a committed
 * id, an id put twice, put then deleted, deleted then put, the manifest id, a streamed put, roll-over).
 */
class LargeTransactionTest {

    @TempDir
    Path tmp;

    private static final RepositoryOptions OPTIONS = RepositoryOptions.defaults().withLockWait(Duration.ofSeconds(5))
            .withMaxSegmentSize(64 * 1024).withSpillBytes(16 * 1024);

    private final Map<String, byte[]> expected = new TreeMap<>();

    private static byte[] id(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] data(String text, int length) {
        byte[] out = new byte[length];
        byte[] seed = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed[i % seed.length] * 31 + i);
        }
        return out;
    }

    private void put(Transaction t, byte[] id, byte[] data) {
        t.put(id, data);
        expected.put(Borg.hex(id), data);
    }

    private void delete(Transaction t, byte[] id) {
        t.delete(id);
        expected.remove(Borg.hex(id));
    }

    @Test
    void invariant1_aTransactionStagedInSegmentFilesBecomesLogThatBorgChecksReadsAndCompacts() throws IOException {
        assumeTrue(Borg.available(), "borg 1.2.4 is not installed");
        Path path = tmp.resolve("repo");
        Borg borg = new Borg(tmp.resolve("borg"));
        try (Repository repo = Repositories.create(path, OPTIONS)) {
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 10; i++) {
                    put(t, id("base" + i), data("base" + i, 2000));
                }
                t.commit();
            }
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 60; i++) {
                    put(t, id("big" + i), data("big" + i, 3000)); // 180 kB: spills at 16 kB, files roll at 64 kB
                }
                put(t, id("big5"), data("big5 again", 2500));    // an id put twice
                put(t, id("base1"), data("base1 new", 1000));    // over committed ids
                put(t, id("base2"), data("base2 new", 9000));
                delete(t, id("base3"));
                put(t, id("y"), data("y", 500));                 // put, then deleted
                delete(t, id("y"));
                delete(t, id("base4"));                          // deleted, then put again
                put(t, id("base4"), data("base4 new", 700));
                put(t, new byte[32], data("manifest", 300));      // the manifest id starts a segment of its own
                byte[] streamed = data("big7 streamed", 70_000);
                t.put(id("big7"), new ByteArrayInputStream(streamed), streamed.length);
                expected.put(Borg.hex(id("big7")), streamed);
                assertArrayEquals(data("big5 again", 2500), t.get(id("big5")), "reads its own writes from the files");
                assertFalse(t.contains(id("y")));
                t.commit();
            }
            assertEquals(0, leftovers(path), "every staged file was adopted");
            assertEquals(expected.size(), repo.size());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), repo.get(Borg.unhex(e.getKey())), e.getKey());
            }
            CheckReport report = repo.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(report.clean(), "our check (index and hints against the segments): " + report.problems());
        }
        borg.checkClean(path);
        assertEquals(hashes(), borg.readAll(path), "borg reads every object as written");
        borg.run("compact", "--threshold", "0", path.toString()).requireOk("borg compact");
        borg.checkClean(path);
        assertEquals(hashes(), borg.readAll(path), "nothing lost or resurrected by borg's compaction");
        try (Repository repo = Repositories.open(path, OPTIONS)) {
            assertEquals(expected.size(), repo.size());
            assertTrue(repo.check(false, ProgressListener.NONE, Cancellation.NEVER).clean());
        }
    }

    private Map<String, String> hashes() {
        Map<String, String> out = new TreeMap<>();
        expected.forEach((k, v) -> out.put(k, Borg.sha256(v)));
        return out;
    }

    private static long leftovers(Path repo) throws IOException {
        Path dir = repo.resolve("repono/tmp");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
