package org.repono.engine.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The test vectors of WORKLOADS.md: objects, ids, counts and the random read order are borg's harness's. */
class WorkloadObjectsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static void assertFamily(String name, int size, long count, String basePrefix, String id0) {
        ObjectFamily f = ObjectFamily.of(name, 1.0);
        assertEquals(size, f.size(), name);
        assertEquals(count, f.count(), name);
        assertEquals(basePrefix, HEX.formatHex(f.basePrefix(16)), name);
        assertEquals(id0, HEX.formatHex(f.id(0)), name);
    }

    @Test
    void familiesMatchTheVectorsOfWorkloadsMd() {
        assertFamily("put_large", 1048576, 1024, "21b43bd48cdc9c0008462665e8ee799c",
                "dac6eb880862a2db047cf79724bf8e690d5318d50975355400587f99ef0b09cf");
        assertFamily("put_small", 4096, 200000, "524add04aa378dffc4647e0d5a60131d",
                "af41efe6247e0515b774a63f939b5f8c1a0ea1f9d86d62aab0c27fb8707c3dc8");
        assertFamily("commit_small_tx", 4096, 500, "be11ea6469d8fd03415ef8c933fdebf7",
                "d3c03bb492cff30843b42a0b79076dae5f3c77d43b328d7716889f4930434ea8");
        assertFamily("put_tiny", 64, 1048576, "61732e1bda0606eb61e35a219c854c60",
                "78e9d6ad176a4583d98cfd2d1b734d62a8abf6a52528a592481338fcc4626f8f");
        assertThrows(IllegalArgumentException.class, () -> ObjectFamily.of("put_huge", 1));
    }

    @Test
    void objectIIsItsLittleEndianIndexThenTheBaseTail() throws Exception {
        ObjectFamily f = ObjectFamily.of("put_small", 0.01);
        byte[] o = f.data(0x0102030405L);
        assertEquals("0504030201000000", HEX.formatHex(o, 0, 8));
        byte[] base = ObjectFamily.stream("borg-bench/put_small", 4096);
        assertArrayEquals(java.util.Arrays.copyOfRange(base, 8, 4096), java.util.Arrays.copyOfRange(o, 8, 4096));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(o), f.id(0x0102030405L));
    }

    @Test
    void packedIdsAreTheIdsInOrder() {
        ObjectFamily f = ObjectFamily.of("put_tiny", 0.001);
        byte[] evens = f.packedIds(0, 9, 2);
        assertEquals(5 * 32, evens.length);
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(f.id(2L * k), ObjectFamily.idAt(evens, k), "object " + 2 * k);
        }
        assertArrayEquals(f.id(77), ObjectFamily.idAt(f.packedIds(new long[] {5, 77}), 1));
    }

    @Test
    void countsScaleAsPythonsRoundDoes() {
        assertEquals(102, ObjectFamily.of("put_large", 0.1).count()); // 102.4
        assertEquals(2000, ObjectFamily.of("put_small", 0.01).count());
        assertEquals(10486, ObjectFamily.of("put_tiny", 0.01).count()); // 10485.76
        assertEquals(1, ObjectFamily.of("commit_small_tx", 0.001).count()); // round(0.5) = 0, then max(1, 0)
        assertEquals(2, ObjectFamily.scaled(50, 0.05)); // 2.5 rounds to even
        assertEquals(4, ObjectFamily.scaled(50, 0.07)); // 3.5000000000000004 rounds up
        assertEquals(200, ObjectFamily.scaled(20000, 0.01));
    }

    @Test
    void splitmix64MatchesTheVectorsOfWorkloadsMd() {
        SplitMix64 r = new SplitMix64(42);
        assertEquals(0xbdd732262feb6e95L, r.next());
        assertEquals(0x28efe333b266f103L, r.next());
        assertEquals(0x47526757130f9f52L, r.next());
    }

    @Test
    void theFirstRandomReadsAtScaleOneAreTheDocumentedObjects() {
        SplitMix64 r = new SplitMix64(42);
        long n = ObjectFamily.of("put_small", 1).count();
        long[] expected = {75413, 92291, 163858, 55764, 163250};
        for (long e : expected) {
            assertEquals(e, r.nextBelow(n));
        }
    }
}
