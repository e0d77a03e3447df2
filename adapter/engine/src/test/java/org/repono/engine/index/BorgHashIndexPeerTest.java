package org.repono.engine.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.format.BorgPeer;
import org.repono.engine.format.Fixtures;

/**
 * borg's own NSIndex (borg.hashindex, the C code borg 1.2.4 runs) as the peer: the same history of puts
 * and removes must give byte-identical index files, and each side reads what the other wrote.
 */
class BorgHashIndexPeerTest {

    @TempDir
    Path tmp;

    /** Reads ops (1 byte op, 32 key, u32 segment, u32 offset; op 0 put, 1 remove) from stdin, applies, writes argv[1]. */
    private static final String REPLAY = String.join("\n",
            "import sys, struct",
            "from borg.hashindex import NSIndex",
            "data = sys.stdin.buffer.read()",
            "idx = NSIndex()",
            "for i in range(0, len(data), 41):",
            "    op = data[i]; key = data[i+1:i+33]; seg, off = struct.unpack('<II', data[i+33:i+41])",
            "    if op == 0:",
            "        idx[key] = (seg, off)",
            "    else:",
            "        del idx[key]",
            "idx.write(sys.argv[1])",
            "print(len(idx))");

    @BeforeAll
    static void needsBorg() {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is needed");
    }

    @ParameterizedTest
    @ValueSource(ints = {HashIndex.DEFAULT_CHUNK_SHIFT, 6})
    void sameHistoryGivesByteIdenticalIndexFiles(int chunkShift) throws IOException {
        Random r = new Random(11);
        HashIndex ours = HashIndex.createWithBuckets(1031, chunkShift);
        ByteArrayOutputStream ops = new ByteArrayOutputStream();
        List<byte[]> live = new ArrayList<>();
        // grow to 8209 buckets, overwrite, shrink back to 2053 with tombstones everywhere, grow again
        for (int i = 0; i < 3500; i++) {
            live.add(put(ours, ops, HashIndexTest.randomKey(r), r.nextInt(1000), r.nextInt()));
        }
        for (int i = 0; i < 800; i++) {
            put(ours, ops, live.get(r.nextInt(live.size())), 7, i);
        }
        for (int i = 0; i < 2700; i++) {
            remove(ours, ops, live.remove(r.nextInt(live.size())));
        }
        for (int i = 0; i < 400; i++) {
            live.add(put(ours, ops, HashIndexTest.randomKey(r), 3, i));
            remove(ours, ops, live.remove(r.nextInt(live.size())));
            put(ours, ops, live.get(r.nextInt(live.size())), 4, i);
        }
        assertEquals(2053, ours.buckets());
        Path theirs = tmp.resolve("index.borg");
        BorgPeer.Result result = BorgPeer.python(tmp.resolve("base"), REPLAY, ops.toByteArray(), theirs.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(Integer.toString(ours.size()), result.output().strip());
        assertArrayEquals(Files.readAllBytes(theirs), HashIndexTest.write(ours), "bucket for bucket as borg");

        HashIndex read = HashIndex.read(theirs, null, chunkShift);
        for (byte[] k : live) {
            assertEquals(ours.get(k), read.get(k));
        }
    }

    /**
     * An over-full index (1000 entries in 1031 buckets, as another writer may leave it): borg's read does a
     * same-size rebuild that grows on the way; ours must end in the same buckets.
     */
    @Test
    void overFullIndexIsRebuiltOnReadLikeBorg() throws IOException {
        Random r = new Random(12);
        int buckets = 1031;
        ByteBuffer file = ByteBuffer.allocate(18 + buckets * 40).order(ByteOrder.LITTLE_ENDIAN);
        file.put("BORG_IDX".getBytes()).putInt(1000).putInt(buckets).put((byte) 32).put((byte) 8);
        for (int b = 0; b < buckets; b++) {
            file.putInt(18 + b * 40 + 32, 0xFFFFFFFF);
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] k = HashIndexTest.randomKey(r);
            keys.add(k);
            int b = Integer.remainderUnsigned(ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).getInt(0), buckets);
            while (file.getInt(18 + b * 40 + 32) != 0xFFFFFFFF) {
                b = (b + 1) % buckets;
            }
            file.put(18 + b * 40, k);
            file.putInt(18 + b * 40 + 32, 9).putInt(18 + b * 40 + 36, i);
        }
        Path crowded = tmp.resolve("index.crowded");
        Files.write(crowded, file.array());

        HashIndex ours = HashIndex.read(crowded, null);
        String rewrite = "import sys\nfrom borg.hashindex import NSIndex\nidx = NSIndex.read(sys.argv[1])\nidx.write(sys.argv[2])";
        Path theirs = tmp.resolve("index.rewritten");
        BorgPeer.Result result = BorgPeer.python(tmp.resolve("base"), rewrite, null, crowded.toString(), theirs.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(2053, ours.buckets());
        assertArrayEquals(Files.readAllBytes(theirs), HashIndexTest.write(ours));
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(HashIndex.pack(9, i), ours.get(keys.get(i)));
        }
    }

    /** list(limit, marker) gives what borg's iteritems(marker) gives. */
    @Test
    void listAgreesWithBorgsIteritems() throws IOException {
        Random r = new Random(13);
        HashIndex ours = HashIndex.create();
        for (int i = 0; i < 900; i++) {
            ours.put(HashIndexTest.randomKey(r), 1, i);
        }
        Path file = tmp.resolve("index.list");
        Files.write(file, HashIndexTest.write(ours));
        List<byte[]> all = ours.list(Integer.MAX_VALUE, null);
        String marker = Fixtures.hex(all.get(417));
        String script = String.join("\n",
                "import sys",
                "from itertools import islice",
                "from borg.hashindex import NSIndex",
                "idx = NSIndex.read(sys.argv[1])",
                "for k, v in islice(idx.iteritems(marker=bytes.fromhex(sys.argv[2])), 50):",
                "    print(k.hex())");
        BorgPeer.Result result = BorgPeer.python(tmp.resolve("base"), script, null, file.toString(), marker);
        assertEquals(0, result.exitCode(), result.output());
        List<String> theirs = List.of(result.output().strip().split("\n"));
        List<String> mine = ours.list(50, all.get(417)).stream().map(Fixtures::hex).toList();
        assertEquals(50, mine.size());
        assertEquals(theirs, mine);
        assertTrue(mine.get(0).equals(Fixtures.hex(all.get(418))));
    }

    private static byte[] put(HashIndex index, ByteArrayOutputStream ops, byte[] key, int segment, int offset) {
        index.put(key, segment, offset);
        record(ops, 0, key, segment, offset);
        return key;
    }

    private static void remove(HashIndex index, ByteArrayOutputStream ops, byte[] key) {
        assertTrue(index.remove(key) != HashIndex.NOT_FOUND);
        record(ops, 1, key, 0, 0);
    }

    private static void record(ByteArrayOutputStream ops, int op, byte[] key, int segment, int offset) {
        ByteBuffer b = ByteBuffer.allocate(41).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) op).put(key).putInt(segment & 0x7FFFFFFF).putInt(offset);
        ops.writeBytes(b.array());
    }
}
