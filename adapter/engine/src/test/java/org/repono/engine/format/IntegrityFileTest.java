package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.repono.engine.format.IntegrityFile.Verification;

class IntegrityFileTest {

    @TempDir
    Path tmp;

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    @Test
    void xxh64TestVectorsOfFormat5() throws IOException {
        assertEquals("45ab6734b21e6968", FileDigest.hex(FileDigest.xxh64("hello world".getBytes(StandardCharsets.US_ASCII))));
        byte[] hints = Files.readAllBytes(Fixtures.repo("a_empty").resolve("hints.1"));
        assertEquals("47066451cc6d6e92", IntegrityFile.digestOf("hints.1", hints).digests().get("final"));
        assertEquals("{\"algorithm\": \"XXH64\", \"digests\": {\"final\": \"47066451cc6d6e92\"}}",
                IntegrityFile.digestOf("hints.1", hints).toJson());
    }

    @Test
    void intermediateDigestsDoNotDisturbTheStream() {
        FileDigest d = new FileDigest("x");
        d.update(new byte[] {1, 2, 3});
        String first = d.part("A", 3);
        d.update(new byte[] {4});
        String second = d.finish(4);
        FileDigest again = new FileDigest("x");
        again.update(new byte[] {1, 2, 3});
        assertEquals(first, again.part("A", 3));
        again.update(java.nio.ByteBuffer.allocateDirect(1).put((byte) 4).flip());
        assertEquals(second, again.finish(4));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureIntegrityVerifiesAndRecomputesToTheSameJson(String fixture) throws IOException {
        long tid = Fixtures.longOf(Fixtures.expected(fixture).get("transaction_id"));
        Path repo = Fixtures.repo(fixture);
        byte[] raw = Files.readAllBytes(repo.resolve("integrity." + tid));
        IntegrityFile integrity = IntegrityFile.read(repo.resolve("integrity." + tid)).orElseThrow();
        assertEquals(2L, integrity.version());
        assertArrayEquals(raw, integrity.encode(), "re-encoding gives borg's bytes");

        assertEquals(Verification.VERIFIED, IntegrityFile.verifyIndex(repo.resolve("index." + tid), "index." + tid, integrity));
        assertEquals(Verification.VERIFIED, IntegrityFile.verifyHints(repo.resolve("hints." + tid), "hints." + tid, integrity));

        byte[] hints = Files.readAllBytes(repo.resolve("hints." + tid));
        assertEquals(integrity.hintsJson(), IntegrityFile.digestOf("hints." + tid, hints).toJson());
        byte[] index = Files.readAllBytes(repo.resolve("index." + tid));
        FileDigest d = new FileDigest("index." + tid);
        d.update(index, 0, 18);
        d.part("HashHeader", 18);
        d.update(index, 18, index.length - 18);
        d.finish(index.length);
        assertEquals(integrity.indexJson(), d.toJson());
    }

    @Test
    void changedBytesRenamedFilesAndOddIntegrityDataAreJudgedAsBorgDoes() throws IOException {
        Path repo = Fixtures.copyRepo("b_put_delete", tmp.resolve("r"));
        IntegrityFile good = IntegrityFile.read(repo.resolve("integrity.25")).orElseThrow();

        assertEquals(Verification.MISMATCH, IntegrityFile.verifyIndex(repo.resolve("index.25"), "index.24", good),
                "the final name is part of the digest");
        SegmentScannerTest.flipByte(repo.resolve("index.25"), 5000);
        assertEquals(Verification.MISMATCH, IntegrityFile.verifyIndex(repo.resolve("index.25"), "index.25", good));
        SegmentScannerTest.flipByte(repo.resolve("hints.25"), 20);
        assertEquals(Verification.MISMATCH, IntegrityFile.verifyHints(repo.resolve("hints.25"), "hints.25", good));
        assertEquals(Verification.ABSENT, IntegrityFile.verifyHints(repo.resolve("hints.25"), "hints.25", null));

        IntegrityFile v3 = IntegrityFile.decode(reencode(3, good.hintsJson(), good.indexJson()), null);
        assertEquals(Verification.UNKNOWN_VERSION, IntegrityFile.verifyHints(repo.resolve("hints.25"), "hints.25", v3));

        String sha1 = good.hintsJson().replace("XXH64", "SHA1");
        assertEquals(Verification.UNKNOWN_ALGORITHM, IntegrityFile.verifyHints(repo.resolve("hints.25"), "hints.25",
                IntegrityFile.of(sha1, good.indexJson())));
        String noFinal = "{\"algorithm\": \"XXH64\", \"digests\": {}}";
        assertEquals(Verification.UNPARSABLE, IntegrityFile.verifyHints(repo.resolve("hints.25"), "hints.25",
                IntegrityFile.of(noFinal, good.indexJson())));
        assertEquals(Verification.UNPARSABLE, IntegrityFile.verifyIndex(repo.resolve("index.25"), "index.25",
                IntegrityFile.of(good.hintsJson(), "{\"algorithm\": ")));
        String noHeaderPart = "{\"algorithm\": \"XXH64\", \"digests\": {\"final\": \"0000000000000000\"}}";
        assertEquals(Verification.MISMATCH, IntegrityFile.verifyIndex(repo.resolve("index.25"), "index.25",
                IntegrityFile.of(good.hintsJson(), noHeaderPart)));
    }

    @Test
    void undecodableIntegrityDataIsAClearError() {
        Path name = Path.of("integrity.4");
        FileFormatException ex = assertThrows(FileFormatException.class, () -> IntegrityFile.decode(new byte[] {(byte) 0x93, 1}, name));
        assertTrue(ex.getMessage().contains("integrity.4"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> IntegrityFile.of(null, "{}").encode(), "never write half an integrity file");
    }

    private static byte[] reencode(int version, String hints, String index) throws IOException {
        var p = org.msgpack.core.MessagePack.newDefaultBufferPacker();
        p.packMapHeader(3).packString("version").packInt(version).packString("hints").packString(hints)
                .packString("index").packString(index);
        return p.toByteArray();
    }

}
