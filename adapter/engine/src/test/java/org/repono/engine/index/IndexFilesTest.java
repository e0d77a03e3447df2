package org.repono.engine.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.repono.engine.format.Fixtures;
import org.repono.engine.format.Hints;
import org.repono.engine.format.IntegrityFile.Verification;

class IndexFilesTest {

    @TempDir
    Path tmp;

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    /** Every fixture's index.N loads verified; every id is found at its recorded place, deleted ids are absent. */
    @ParameterizedTest
    @MethodSource("fixtures")
    @SuppressWarnings("unchecked")
    void fixtureIndexesFindEveryObjectWhereBorgPutIt(String fixture) throws IOException {
        Map<String, Object> expected = Fixtures.expected(fixture);
        long tid = Fixtures.longOf(expected.get("transaction_id"));
        Path repo = Fixtures.repo(fixture);
        assertEquals(tid, IndexFiles.newestIndexTransaction(repo));

        IndexFiles.LoadedIndex loaded = IndexFiles.readIndex(repo, tid);
        assertEquals(Verification.VERIFIED, loaded.verification());
        HashIndex index = loaded.index();
        Map<String, Object> ids = (Map<String, Object>) expected.get("ids");
        assertEquals(ids.size(), index.size());
        for (Map.Entry<String, Object> e : ids.entrySet()) {
            Map<String, Object> at = (Map<String, Object>) e.getValue();
            long value = index.get(Fixtures.unhex(e.getKey()));
            assertEquals(Fixtures.intOf(at.get("segment")), HashIndex.segment(value), e.getKey());
            assertEquals(Fixtures.intOf(at.get("offset")), HashIndex.offset(value), e.getKey());
        }
        for (Object deleted : (List<Object>) expected.get("deleted")) {
            assertEquals(HashIndex.NOT_FOUND, index.get(Fixtures.unhex((String) deleted)), (String) deleted);
        }
        if (expected.containsKey("uncommitted")) {
            for (Object id : (List<Object>) ((Map<String, Object>) expected.get("uncommitted")).get("put_ids")) {
                assertEquals(HashIndex.NOT_FOUND, index.get(Fixtures.unhex((String) id)));
            }
        }
        assertArrayEquals(Files.readAllBytes(repo.resolve("index." + tid)), HashIndexTest.write(index),
                "a loaded index writes back borg's bytes");

        IndexFiles.LoadedHints hints = IndexFiles.readHints(repo, tid);
        assertEquals(Verification.VERIFIED, hints.verification());
        assertArrayEquals(Files.readAllBytes(repo.resolve("hints." + tid)), hints.hints().encode());
    }

    /**
     * Invariant 3 (index files are derived data): rewriting a fixture's trio reproduces borg's three files
     * byte for byte (same index, same hints) and leaves no other index/hints/integrity file behind.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void invariant3_writingTheTrioReproducesBorgsFilesAndLeavesNoOthers(String fixture) throws IOException {
        long tid = Fixtures.longOf(Fixtures.expected(fixture).get("transaction_id"));
        Path repo = Fixtures.copyRepo(fixture, tmp.resolve(fixture));
        byte[] index = Files.readAllBytes(repo.resolve("index." + tid));
        byte[] hints = Files.readAllBytes(repo.resolve("hints." + tid));
        byte[] integrity = Files.readAllBytes(repo.resolve("integrity." + tid));
        HashIndex loaded = IndexFiles.readIndex(repo, tid).index();
        Hints h = IndexFiles.readHints(repo, tid).hints();
        Files.writeString(repo.resolve("index.3.tmp"), "leftover of a crashed commit");
        Files.writeString(repo.resolve("hints.2"), "older");
        IndexFiles.write(repo, tid, loaded, h, false);
        assertArrayEquals(index, Files.readAllBytes(repo.resolve("index." + tid)));
        assertArrayEquals(hints, Files.readAllBytes(repo.resolve("hints." + tid)));
        assertArrayEquals(integrity, Files.readAllBytes(repo.resolve("integrity." + tid)));
        try (Stream<Path> files = Files.list(repo)) {
            assertEquals(List.of("hints." + tid, "index." + tid, "integrity." + tid), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("index") || n.startsWith("hints") || n.startsWith("integrity")).sorted().toList());
        }
    }

    /** Invariant 3: a crash anywhere before the final renames leaves the previous trio in force and verified. */
    @Test
    void invariant3_aHalfWrittenTrioLeavesTheCommittedOneInForce() throws IOException {
        Path repo = Fixtures.copyRepo("b_put_delete", tmp.resolve("crash"));
        Files.writeString(repo.resolve("hints.27.tmp"), "half");
        Files.writeString(repo.resolve("index.27.tmp"), "half");
        assertEquals(25, IndexFiles.newestIndexTransaction(repo));
        assertEquals(Verification.VERIFIED, IndexFiles.readIndex(repo, 25).verification());
        // crashed after renaming integrity.27 but before hints.27/index.27
        HashIndex index = IndexFiles.readIndex(repo, 25).index();
        Hints hints = IndexFiles.readHints(repo, 25).hints();
        Files.writeString(repo.resolve("integrity.27"), "not yet valid");
        assertEquals(25, IndexFiles.newestIndexTransaction(repo));
        assertEquals(Verification.VERIFIED, IndexFiles.readIndex(repo, 25).verification());
        assertEquals(Verification.VERIFIED, IndexFiles.readHints(repo, 25).verification());
        // the next successful write replaces everything
        IndexFiles.write(repo, 27, index, hints, false);
        assertEquals(27, IndexFiles.newestIndexTransaction(repo));
        assertEquals(Verification.VERIFIED, IndexFiles.readIndex(repo, 27).verification());
        try (Stream<Path> files = Files.list(repo)) {
            assertEquals(List.of("hints.27", "index.27", "integrity.27"), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("index") || n.startsWith("hints") || n.startsWith("integrity")).sorted().toList());
        }
    }

    @Test
    void invariant3_newTransactionReplacesTheOldTrioAndLogsInAppendOnlyMode() throws IOException {
        Path repo = Fixtures.copyRepo("d_append_only", tmp.resolve("d"));
        String log = Files.readString(repo.resolve("transactions"));
        HashIndex index = IndexFiles.readIndex(repo, 32).index();
        Hints hints = IndexFiles.readHints(repo, 32).hints();
        index.put(new byte[32], 40, 8);
        hints.segments.put(40, 1);
        IndexFiles.write(repo, 41, index, hints, true, Instant.parse("2024-02-03T04:05:06.000007Z"));
        assertEquals(log + "transaction 41, UTC time 2024-02-03T04:05:06.000007\n", Files.readString(repo.resolve("transactions")));
        assertFalse(Files.exists(repo.resolve("index.32")));
        assertFalse(Files.exists(repo.resolve("integrity.32")));
        assertEquals(41, IndexFiles.newestIndexTransaction(repo));
        assertEquals(HashIndex.pack(40, 8), IndexFiles.readIndex(repo, 41).index().get(new byte[32]));
        assertEquals(1, IndexFiles.readHints(repo, 41).hints().segments.get(40));
    }

    @Test
    void newestIndexIgnoresEmptyAndOddNames() throws IOException {
        Path repo = Fixtures.copyRepo("a_empty", tmp.resolve("a"));
        Files.createFile(repo.resolve("index.9"));
        Files.writeString(repo.resolve("index.7.tmp"), "x");
        Files.writeString(repo.resolve("index.x"), "x");
        assertEquals(1, IndexFiles.newestIndexTransaction(repo));
        Files.delete(repo.resolve("index.1"));
        assertEquals(-1, IndexFiles.newestIndexTransaction(repo));
    }

    /**
     * An index of several MiB is hashed on a thread of its own while it is read: it verifies, every key is found,
     * and a flipped bit in any slice (first, middle, last bucket) is an integrity mismatch, as for a small one.
     */
    @Test
    void aLargeIndexIsVerifiedWhileItIsReadAndAnyFlippedBitIsCaught() throws IOException {
        Path repo = Fixtures.copyRepo("b_put_delete", tmp.resolve("large"));
        Hints hints = IndexFiles.readHints(repo, 25).hints();
        HashIndex big = HashIndex.createWithBuckets(300_000); // 12 MB: a dozen slices
        java.util.Random r = new java.util.Random(11);
        List<byte[]> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 150_000; i++) {
            byte[] k = new byte[32];
            r.nextBytes(k);
            keys.add(k);
            big.put(k, 1 + i % 7, i);
        }
        IndexFiles.write(repo, 25, big, hints, false);
        IndexFiles.LoadedIndex loaded = IndexFiles.readIndex(repo, 25);
        assertEquals(Verification.VERIFIED, loaded.verification());
        assertEquals(150_000, loaded.index().size());
        for (int i = 0; i < keys.size(); i += 997) {
            assertEquals(HashIndex.pack(1 + i % 7, i), loaded.index().get(keys.get(i)));
        }
        byte[] good = Files.readAllBytes(repo.resolve("index.25"));
        for (int at : new int[] {18, 18 + 40 * 150_000 + 5, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 1;
            Files.write(repo.resolve("index.25"), bad);
            IndexFileException mismatch = assertThrows(IndexFileException.class, () -> IndexFiles.readIndex(repo, 25),
                    "flipped bit at " + at);
            assertEquals(IndexFileException.Kind.INTEGRITY_MISMATCH, mismatch.kind(), "flipped bit at " + at);
        }
    }

    @Test
    void failuresSayPreciselyWhatFailed() throws IOException {
        Path repo = Fixtures.copyRepo("b_put_delete", tmp.resolve("b"));
        byte[] index = Files.readAllBytes(repo.resolve("index.25"));

        IndexFileException missing = assertThrows(IndexFileException.class, () -> IndexFiles.readIndex(repo, 24));
        assertEquals(IndexFileException.Kind.MISSING, missing.kind());

        index[18 + 40 * 100] ^= 1;
        Files.write(repo.resolve("index.25"), index);
        IndexFileException mismatch = assertThrows(IndexFileException.class, () -> IndexFiles.readIndex(repo, 25));
        assertEquals(IndexFileException.Kind.INTEGRITY_MISMATCH, mismatch.kind());
        assertTrue(mismatch.getMessage().contains("index.25"), mismatch.getMessage());

        Files.write(repo.resolve("index.25"), java.util.Arrays.copyOf(index, index.length - 40));
        IndexFileException corrupt = assertThrows(IndexFileException.class, () -> IndexFiles.readIndex(repo, 25));
        assertEquals(IndexFileException.Kind.CORRUPT, corrupt.kind());
        assertTrue(corrupt.getMessage().contains("length"), corrupt.getMessage());

        Files.delete(repo.resolve("integrity.25"));
        index[18 + 40 * 100] ^= 1;
        Files.write(repo.resolve("index.25"), index);
        assertEquals(Verification.ABSENT, IndexFiles.readIndex(repo, 25).verification(), "no integrity file: accepted");

        Files.write(repo.resolve("integrity.25"), new byte[] {(byte) 0xc1});
        assertEquals(IndexFileException.Kind.INTEGRITY_MISMATCH,
                assertThrows(IndexFileException.class, () -> IndexFiles.readHints(repo, 25)).kind());

        Path fresh = Fixtures.copyRepo("b_put_delete", tmp.resolve("b2"));
        byte[] hints = Files.readAllBytes(fresh.resolve("hints.25"));
        hints[hints.length - 1] ^= 1;
        Files.write(fresh.resolve("hints.25"), hints);
        assertEquals(IndexFileException.Kind.INTEGRITY_MISMATCH,
                assertThrows(IndexFileException.class, () -> IndexFiles.readHints(fresh, 25)).kind());
        Files.delete(fresh.resolve("hints.25"));
        assertEquals(IndexFileException.Kind.MISSING,
                assertThrows(IndexFileException.class, () -> IndexFiles.readHints(fresh, 25)).kind());
    }
}
