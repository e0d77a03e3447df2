package org.repono.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.format.BorgPeer;
import org.repono.engine.format.Fixtures;
import org.repono.engine.format.Hints;

/**
 * The real borg 1.2.4 reads an index/hints/integrity trio we wrote: a borg-written repository gets its
 * index rebuilt by us with a bucket count borg never uses and tombstones on the probe paths, then borg
 * checks it, serves objects from it and starts a write transaction on it (which verifies our hints).
 */
class BorgReadsOurIndexTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsBorg() {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is needed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b_put_delete", "f_many_segments"})
    @SuppressWarnings("unchecked")
    void borgChecksAndServesARepositoryIndexedByUs(String fixture) throws Exception {
        Map<String, Object> expected = Fixtures.expected(fixture);
        long tid = Fixtures.longOf(expected.get("transaction_id"));
        Path repo = Fixtures.copyRepo(fixture, tmp.resolve("repo"));
        HashIndex borgs = IndexFiles.readIndex(repo, tid).index();
        Hints hints = IndexFiles.readHints(repo, tid).hints();

        // 1009 buckets (not in borg's table), junk keys inserted first and removed: tombstones on probe paths
        HashIndex ours = HashIndex.createWithBuckets(1009);
        Random r = new Random(21);
        List<byte[]> junk = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] k = HashIndexTest.randomKey(r);
            junk.add(k);
            ours.put(k, 1, 8);
        }
        byte[] key = new byte[32];
        for (int b = borgs.nextBucket(0); b >= 0; b = borgs.nextBucket(b + 1)) {
            borgs.keyAt(b, key, 0);
            long v = borgs.valueAt(b);
            ours.put(key.clone(), HashIndex.segment(v), HashIndex.offset(v));
        }
        for (byte[] k : junk) {
            ours.remove(k);
        }
        assertEquals(1009, ours.buckets());
        assertEquals(borgs.size(), ours.size());
        IndexFiles.write(repo, tid, ours, hints, false);
        assertTrue(tombstones(repo.resolve("index." + tid)) >= 400, "the file carries the tombstones");

        BorgPeer.Result check = BorgPeer.borg(tmp.resolve("base"), "--debug", "check", "--repository-only", repo.toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("Verified integrity of " + repo.resolve("index." + tid)), check.output());
        assertTrue(check.output().contains("Index object count match."), check.output());
        assertFalse(check.output().contains("mismatch"), check.output());
        assertFalse(check.output().lines().anyMatch(l -> l.startsWith("ID: ")), check.output());
        assertFalse(check.output().contains("corrupted"), check.output());
        assertFalse(check.output().contains("WARNING"), check.output());

        Map<String, Object> ids = (Map<String, Object>) expected.get("ids");
        int n = 0;
        for (Map.Entry<String, Object> e : ids.entrySet()) {
            if (n++ == 2) {
                break;
            }
            Path out = tmp.resolve("obj-" + n);
            BorgPeer.Result get = BorgPeer.borg(tmp.resolve("base"), "debug", "get-obj", repo.toString(), e.getKey(), out.toString());
            assertEquals(0, get.exitCode(), get.output());
            assertEquals(((Map<String, Object>) e.getValue()).get("sha256"),
                    Fixtures.hex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out))));
        }

        // a write transaction makes borg load and verify our hints.N too, then commit on top of our files
        Path data = tmp.resolve("payload");
        Files.writeString(data, "written by borg on top of our index");
        String id = "ab".repeat(32);
        BorgPeer.Result put = BorgPeer.borg(tmp.resolve("base"), "--debug", "debug", "put-obj", repo.toString(), id, data.toString());
        assertEquals(0, put.exitCode(), put.output());
        assertTrue(put.output().contains("Verified integrity of " + repo.resolve("hints." + tid)), put.output());
        assertFalse(put.output().contains("corrupted"), put.output());
        long next = IndexFiles.newestIndexTransaction(repo);
        assertTrue(next > tid);
        HashIndex after = IndexFiles.readIndex(repo, next).index();
        assertEquals(ours.size() + 1, after.size());
    }

    private static int tombstones(Path indexFile) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(indexFile)).order(ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        for (int p = 18 + 32; p < b.capacity(); p += 40) {
            if (b.getInt(p) == 0xFFFFFFFE) {
                count++;
            }
        }
        return count;
    }
}
