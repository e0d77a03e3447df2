package org.repono.engine.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.format.FileDigest;
import org.repono.engine.format.FileFormatException;
import org.repono.engine.format.Fixtures;
import org.repono.engine.format.ObjectId;

class HashIndexTest {

    @TempDir
    Path tmp;

    static byte[] randomKey(Random r) {
        byte[] k = new byte[32];
        r.nextBytes(k);
        return k;
    }

    @Test
    void keyOfOnesLivesInBucket802AtFileOffset0x7d62() throws IOException {
        HashIndex index = HashIndex.create();
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0x11);
        assertTrue(index.put(ones, 3, 8));
        assertEquals(802, index.nextBucket(0));
        byte[] file = write(index);
        assertEquals(41258, file.length);
        ByteBuffer bucket = ByteBuffer.wrap(file, 0x7d62, 40).order(ByteOrder.LITTLE_ENDIAN);
        byte[] key = new byte[32];
        bucket.get(key);
        assertArrayEquals(ones, key);
        assertEquals(3, bucket.getInt());
        assertEquals(8, bucket.getInt());
    }

    /** The fresh-init index of FORMAT §5: manifest at (0, 8), byte-identical to borg's and with its digests. */
    @Test
    void freshInitIndexMatchesBorgsFileAndDigestVectors() throws IOException {
        HashIndex index = HashIndex.create();
        index.put(new byte[32], 0, 8);
        FileDigest digest = new FileDigest("index.1");
        byte[] file = write(index, digest);
        assertArrayEquals(Files.readAllBytes(Fixtures.repo("a_empty").resolve("index.1")), file);
        assertEquals("1e7b5372ec4f7b80", digest.digests().get("HashHeader"));
        assertEquals("2aeee047ae71e07e", digest.digests().get("final"));
    }

    /** FORMAT §3: the 775th key grows 1031 → 2053, the 1541st → 4099, the 3076th → 8209. */
    @Test
    void growsExactlyWhereBorgGrows() {
        HashIndex index = HashIndex.create();
        Random r = new Random(1);
        Map<Integer, Integer> bucketsAfter = new HashMap<>();
        for (int n = 1; n <= 3100; n++) {
            index.put(randomKey(r), 1, n);
            bucketsAfter.put(n, index.buckets());
        }
        assertEquals(1031, bucketsAfter.get(774));
        assertEquals(2053, bucketsAfter.get(775));
        assertEquals(2053, bucketsAfter.get(1540));
        assertEquals(4099, bucketsAfter.get(1541));
        assertEquals(4099, bucketsAfter.get(3075));
        assertEquals(8209, bucketsAfter.get(3076));
    }

    /** FORMAT §3: deletes shrink 8209 → 4099 at 2051 entries, 4099 → 2053 at 1023, 2053 → 1031 at 512. */
    @Test
    void shrinksExactlyWhereBorgShrinks() {
        HashIndex index = HashIndex.create();
        Random r = new Random(2);
        List<byte[]> keys = new ArrayList<>();
        for (int n = 0; n < 3076; n++) {
            byte[] k = randomKey(r);
            keys.add(k);
            index.put(k, 2, n);
        }
        assertEquals(8209, index.buckets());
        Map<Integer, Integer> bucketsAt = new HashMap<>();
        for (byte[] k : keys) {
            assertTrue(index.remove(k) != HashIndex.NOT_FOUND);
            bucketsAt.put(index.size(), index.buckets());
        }
        assertEquals(8209, bucketsAt.get(2052));
        assertEquals(4099, bucketsAt.get(2051));
        assertEquals(4099, bucketsAt.get(1024));
        assertEquals(2053, bucketsAt.get(1023));
        assertEquals(2053, bucketsAt.get(513));
        assertEquals(1031, bucketsAt.get(512));
        assertEquals(1031, bucketsAt.get(0));
    }

    /**
     * Random puts, overwrites and removes agree with a HashMap; iteration and a file round trip too. Also run
     * with chunks of 16 buckets, so the multi-chunk paths (tables over 2 GiB) are exercised on small tables.
     */
    @ParameterizedTest
    @ValueSource(ints = {HashIndex.DEFAULT_CHUNK_SHIFT, 4})
    void behavesLikeAMapThroughResizesAndTombstones(int chunkShift) throws IOException {
        Random r = new Random(3);
        HashIndex index = HashIndex.createWithBuckets(1031, chunkShift);
        Map<ObjectId, Long> model = new HashMap<>();
        List<byte[]> known = new ArrayList<>();
        for (int step = 0; step < 40_000; step++) {
            int op = r.nextInt(10);
            if (op < 5 || known.isEmpty()) {
                byte[] k = randomKey(r);
                if (r.nextInt(50) == 0) {
                    k[0] = 7;   // crowd one home bucket region
                    k[1] = 0;
                    k[2] = 0;
                    k[3] = 0;
                }
                known.add(k);
                int seg = r.nextInt(1 << 20);
                int off = r.nextInt();
                assertEquals(!model.containsKey(ObjectId.of(k)), index.put(k, seg, off));
                model.put(ObjectId.of(k), HashIndex.pack(seg, off));
            } else if (op < 7) {
                byte[] k = known.get(r.nextInt(known.size()));
                int seg = r.nextInt(100);
                boolean wasNew = !model.containsKey(ObjectId.of(k));
                assertEquals(wasNew, index.put(k, seg, 9));
                model.put(ObjectId.of(k), HashIndex.pack(seg, 9));
            } else {
                byte[] k = known.get(r.nextInt(known.size()));
                Long before = model.remove(ObjectId.of(k));
                assertEquals(before == null ? HashIndex.NOT_FOUND : before, index.remove(k));
            }
            if (step % 4999 == 0) {
                assertConsistent(index, model, known);
            }
        }
        assertConsistent(index, model, known);
        HashIndex back = read(write(index));
        assertConsistent(back, model, known);
        assertArrayEquals(write(index), write(back), "read gives the same buckets");
        Path file = tmp.resolve("index.chunked");
        Files.write(file, write(index));
        HashIndex chunked = HashIndex.read(file, null, 3);
        assertConsistent(chunked, model, known);
        assertArrayEquals(write(index), write(chunked), "chunk size does not change the file");
        HashIndex copy = index.copy();
        index.remove(known.get(0));
        assertConsistent(copy, model, known);
    }

    private static void assertConsistent(HashIndex index, Map<ObjectId, Long> model, List<byte[]> known) {
        assertEquals(model.size(), index.size());
        for (byte[] k : known) {
            Long want = model.get(ObjectId.of(k));
            assertEquals(want == null ? HashIndex.NOT_FOUND : want, index.get(k));
        }
        Set<ObjectId> seen = new HashSet<>();
        byte[] key = new byte[32];
        for (int b = index.nextBucket(0); b >= 0; b = index.nextBucket(b + 1)) {
            index.keyAt(b, key, 0);
            assertTrue(seen.add(ObjectId.of(key)));
            assertEquals(model.get(ObjectId.of(key)), index.valueAt(b));
        }
        assertEquals(model.keySet(), seen);
        assertTrue(Arrays.binarySearch(HashIndex.SIZES, index.buckets()) >= 0);
    }

    @Test
    void lookupsFromBuffersNeedNoArrays() {
        HashIndex index = HashIndex.create();
        Random r = new Random(4);
        byte[] k = randomKey(r);
        index.put(k, 17, 4242);
        ByteBuffer direct = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
        direct.position(5);
        direct.put(k);
        assertEquals(HashIndex.pack(17, 4242), index.get(direct, 5));
        ByteBuffer big = ByteBuffer.allocate(40);  // big-endian view of the same bytes
        big.put(3, k, 0, 32);
        assertEquals(HashIndex.pack(17, 4242), index.get(big, 3));
        big.put(10, (byte) (big.get(10) ^ 1));
        assertEquals(HashIndex.NOT_FOUND, index.get(big, 3));
        assertEquals(17, HashIndex.segment(index.get(k)));
        assertEquals(4242, HashIndex.offset(index.get(k)));
        byte[] padded = new byte[40];
        System.arraycopy(k, 0, padded, 8, 32);
        assertEquals(HashIndex.pack(17, 4242), index.get(padded, 8));
    }

    @Test
    void listPagesInBucketOrderAfterTheMarker() {
        HashIndex index = HashIndex.create();
        Random r = new Random(5);
        for (int i = 0; i < 300; i++) {
            index.put(randomKey(r), 1, i);
        }
        List<byte[]> all = index.list(Integer.MAX_VALUE, null);
        assertEquals(300, all.size());
        List<byte[]> paged = new ArrayList<>();
        byte[] marker = null;
        while (true) {
            List<byte[]> page = index.list(7, marker);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            marker = page.get(page.size() - 1);
        }
        assertEquals(all.size(), paged.size());
        for (int i = 0; i < all.size(); i++) {
            assertArrayEquals(all.get(i), paged.get(i));
        }
    }

    @Test
    void refusesWhatBorgWouldRefuse() throws IOException {
        HashIndex index = HashIndex.create();
        assertThrows(IllegalArgumentException.class, () -> index.put(new byte[32], 0xFFFFFC00, 0));
        assertThrows(IllegalArgumentException.class, () -> index.put(new byte[31], 0, 0));
        index.put(new byte[32], 0xFFFFFBFF, 0xFFFFFFFF);
        assertEquals(0xFFFFFBFFL, Integer.toUnsignedLong(HashIndex.segment(index.get(new byte[32]))));
        assertTrue(index.get(new byte[32]) != HashIndex.NOT_FOUND);

        byte[] good = write(index);
        assertBadFile(Arrays.copyOf(good, good.length - 1), "incorrect index file length");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertBadFile(magic, "MAGIC");
        byte[] keySize = good.clone();
        keySize[16] = 16;
        assertBadFile(keySize, "key/value size");
        assertBadFile(Arrays.copyOf(good, 10), "too short");
        byte[] impossible = good.clone();
        int bucket = index.nextBucket(0);
        ByteBuffer.wrap(impossible).order(ByteOrder.LITTLE_ENDIAN).putInt(18 + bucket * 40 + 32, 0xFFFFFFF0);
        assertBadFile(impossible, "impossible segment");
        // the scan decides on the segment's bytes: every value above 0xFFFFFBFF but EMPTY and DELETED is refused
        for (int segment : new int[] {0xFFFFFC00, 0xFFFFFCFF, 0xFFFFFEFF, 0xFFFFFF00, 0xFFFFFFFD}) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(18 + bucket * 40 + 32, segment);
            assertBadFile(bad, "impossible segment " + Integer.toUnsignedString(segment));
        }
        for (int segment : new int[] {0xFFFFFBFF, 0xFF000000, 0x00FFFFFF}) {
            byte[] fine = good.clone();
            ByteBuffer.wrap(fine).order(ByteOrder.LITTLE_ENDIAN).putInt(18 + bucket * 40 + 32, segment);
            Path file = tmp.resolve("index.4");
            Files.write(file, fine);
            HashIndex back = HashIndex.read(file, null);
            assertEquals(index.size(), back.size());
            assertEquals(bucket, back.nextBucket(0), "a live bucket with segment " + Integer.toHexString(segment));
        }
    }

    private void assertBadFile(byte[] bytes, String fragment) throws IOException {
        Path file = tmp.resolve("index.3");
        Files.write(file, bytes);
        FileFormatException ex = assertThrows(FileFormatException.class, () -> HashIndex.read(file, null));
        assertTrue(ex.getMessage().contains(fragment) && ex.getMessage().contains("index.3"), ex.getMessage());
    }

    @Test
    void anyBucketCountIsReadAndFollowsTheTableOnTheFirstResize() throws IOException {
        HashIndex odd = HashIndex.createWithBuckets(1500);
        Random r = new Random(6);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 1126; i++) {
            byte[] k = randomKey(r);
            keys.add(k);
            odd.put(k, 5, i);
        }
        assertEquals(1500, odd.buckets());
        HashIndex back = read(write(odd));
        assertEquals(1500, back.buckets());
        back.put(randomKey(r), 5, 0);          // 1126 > upper(1500) = 1125: grows one step above fit(1500)
        assertEquals(4099, back.buckets());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(HashIndex.pack(5, i), back.get(keys.get(i)));
        }
        assertFalse(back.contains(new byte[32]));
    }

    static byte[] write(HashIndex index) throws IOException {
        return write(index, null);
    }

    static byte[] write(HashIndex index, FileDigest digest) throws IOException {
        Path f = Files.createTempFile("idx", ".bin");
        try {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                assertEquals(index.fileSize(), index.write(ch, digest));
            }
            return Files.readAllBytes(f);
        } finally {
            Files.delete(f);
        }
    }

    static HashIndex read(byte[] bytes) throws IOException {
        Path f = Files.createTempFile("idx", ".bin");
        try {
            Files.write(f, bytes);
            return HashIndex.read(f, null);
        } finally {
            Files.delete(f);
        }
    }
}
