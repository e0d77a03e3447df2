package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our XXH64 against borg 1.2.4's own StreamingXXH64 (the one that writes integrity.N), in one python run. */
class Xxh64Test {

    @TempDir
    Path tmp;

    @Test
    void publishedVectors() {
        assertEquals(0xEF46DB3751D8E999L, Xxh64.hash(new byte[0], 0, 0, 0));
        assertEquals("45ab6734b21e6968", FileDigest.hex(Xxh64.hash("hello world".getBytes(StandardCharsets.US_ASCII), 0, 11, 0)));
    }

    @Test
    void everyLengthAndSplitAgreesWithBorgsStreamingHash() {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is not installed");
        Random random = new Random(7);
        // lengths around the 4-, 8- and 32-byte boundaries of the algorithm, plus a long one
        int[] lengths = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 100_003};
        List<byte[]> inputs = new ArrayList<>();
        StringBuilder hexes = new StringBuilder();
        for (int n : lengths) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            inputs.add(b);
            hexes.append(n == 0 ? "-" : HexFormat.of().formatHex(b)).append('\n');
        }
        // borg hashes each input in pieces of 1, 7 and 33 bytes (its streaming path) and prints the digests
        String script = String.join("\n",
                "import sys",
                "from borg.algorithms.checksums import StreamingXXH64",
                "for line in sys.stdin.read().split():",
                "    data = b'' if line == '-' else bytes.fromhex(line)",
                "    h = StreamingXXH64()",
                "    i = 0",
                "    for step in [1, 7, 33] * (len(data) + 1):",
                "        if i >= len(data): break",
                "        h.update(data[i:i + step]); i += step",
                "    print(h.hexdigest())");
        BorgPeer.Result r = BorgPeer.python(tmp, script, hexes.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, r.exitCode(), r.output());
        String[] expected = r.output().strip().split("\\s+");
        assertEquals(lengths.length, expected.length, r.output());
        for (int i = 0; i < lengths.length; i++) {
            byte[] b = inputs.get(i);
            assertEquals(expected[i], FileDigest.hex(Xxh64.hash(b, 0, b.length, 0)), "one call, length " + b.length);
            for (int split : new int[] {1, 5, 31, 32, 33, 4096}) {
                Xxh64 x = new Xxh64();
                for (int p = 0; p < b.length; p += split) {
                    x.update(b, p, Math.min(split, b.length - p));
                }
                assertEquals(expected[i], FileDigest.hex(x.digest()), "pieces of " + split + ", length " + b.length);
            }
        }
    }

    @Test
    void digestMidStreamDoesNotDisturbIt() {
        byte[] b = new byte[200];
        new Random(1).nextBytes(b);
        Xxh64 x = new Xxh64();
        x.update(b, 0, 77);
        assertEquals(Xxh64.hash(b, 0, 77, 0), x.digest());
        x.update(b, 77, 123);
        assertEquals(Xxh64.hash(b, 0, 200, 0), x.digest());
    }

    @Test
    void badRangeIsRefused() {
        Xxh64 x = new Xxh64();
        assertThrows(IndexOutOfBoundsException.class, () -> x.update(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> x.update(new byte[4], -1, 1));
    }
}
