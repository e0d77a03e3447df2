package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentScannerTest {

    @TempDir
    Path tmp;

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    /** Every segment of every fixture scans to expected.json's entries, with and without CRC checks. */
    @ParameterizedTest
    @MethodSource("fixtures")
    @SuppressWarnings("unchecked")
    void segmentsScanToTheRecordedEntries(String fixture) throws IOException {
        Map<String, Object> expected = Fixtures.expected(fixture);
        Map<String, Object> files = (Map<String, Object>) expected.get("segment_files");
        Map<String, Object> entries = (Map<String, Object>) expected.get("segment_entries");
        assertEquals(files.size(), entries.size());
        for (Map.Entry<String, Object> file : files.entrySet()) {
            Path path = Fixtures.repo(fixture).resolve(file.getKey());
            long segment = Long.parseLong(path.getFileName().toString());
            List<Object> want = (List<Object>) entries.get(Long.toString(segment));
            assertNotNull(want, "entries of segment " + segment);
            for (boolean verify : new boolean[] {true, false}) {
                try (FileChannel ch = FileChannel.open(path)) {
                    compare(SegmentScanner.open(ch, segment, verify), want, fixture + " segment " + segment);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void compare(SegmentScanner scanner, List<Object> want, String where) {
        byte[] key = new byte[32];
        for (Object o : want) {
            Map<String, Object> e = (Map<String, Object>) o;
            String tag = (String) e.get("tag");
            long offset = Fixtures.longOf(e.get("offset"));
            if (tag.equals("TORN")) {
                SegmentFormatException ex = assertThrows(SegmentFormatException.class, scanner::next, where);
                assertEquals(offset, ex.offset(), where);
                assertTrue(ex.reason().equals(SegmentFormatException.SHORT_READ) || ex.reason().equals(SegmentFormatException.BAD_SIZE),
                        where + ": " + ex.getMessage());
                assertFalse(scanner.next(), "a failed scanner is finished");
                return;
            }
            if (Boolean.FALSE.equals(e.get("crc_ok")) && scanner.verifiesCrc()) {
                SegmentFormatException ex = assertThrows(SegmentFormatException.class, scanner::next, where);
                assertEquals(SegmentFormatException.CRC_MISMATCH, ex.reason());
                return;
            }
            assertTrue(scanner.next(), where + " entry at " + offset);
            assertEquals(offset, scanner.offset(), where);
            assertEquals(Fixtures.intOf(e.get("size")), scanner.size(), where);
            assertEquals(tag, SegmentEntry.tagName(scanner.tag()), where);
            if (e.containsKey("id")) {
                scanner.key(key);
                assertEquals(e.get("id"), Fixtures.hex(key), where);
                assertTrue(scanner.keyEquals(Fixtures.unhex((String) e.get("id"))));
            }
        }
        assertFalse(scanner.next(), where + ": no entry beyond the recorded ones");
    }

    /** Every live id reads back (whole and streamed) with the recorded size and sha256. */
    @ParameterizedTest
    @MethodSource("fixtures")
    @SuppressWarnings("unchecked")
    void everyLiveObjectReadsBackAtItsRecordedPlace(String fixture) throws Exception {
        Map<String, Object> expected = Fixtures.expected(fixture);
        int spd = Integer.parseInt((String) ((Map<String, Object>) expected.get("config")).get("segments_per_dir"));
        Map<String, Object> ids = (Map<String, Object>) expected.get("ids");
        for (Map.Entry<String, Object> id : ids.entrySet()) {
            Map<String, Object> info = (Map<String, Object>) id.getValue();
            long segment = Fixtures.longOf(info.get("segment"));
            long offset = Fixtures.longOf(info.get("offset"));
            Path file = Fixtures.repo(fixture).resolve("data/" + segment / spd + "/" + segment);
            byte[] key = Fixtures.unhex(id.getKey());
            try (FileChannel ch = FileChannel.open(file)) {
                byte[] data = SegmentScanner.readPut(ch, offset, key, segment);
                assertEquals(Fixtures.intOf(info.get("size")), data.length);
                assertEquals(info.get("sha256"), sha256(data));
                assertEquals(data.length + 41, SegmentScanner.readPutSize(ch, offset, key, segment));
                try (PutDataStream in = SegmentScanner.openPut(ch, offset, key, segment)) {
                    assertEquals(data.length, in.length());
                    assertArrayEquals(data, in.readAllBytes());
                }
            }
        }
    }

    @Test
    void corruptDataIsCaughtByTheScannerTheReaderAndBeforeTheStreamsLastByte() throws Exception {
        byte[] key = SegmentEntryTest.filled((byte) 0x42);
        byte[] data = new byte[200_000];
        new java.util.Random(7).nextBytes(data);
        Path file = writeSegment(tmp.resolve("3"), put(key, data), SegmentEntry.COMMIT_ENTRY);
        flipByte(file, 8 + 41 + data.length - 1);

        try (FileChannel ch = FileChannel.open(file)) {
            SegmentScanner checking = SegmentScanner.open(ch, 3);
            SegmentFormatException ex = assertThrows(SegmentFormatException.class, checking::next);
            assertEquals(SegmentFormatException.CRC_MISMATCH, ex.reason());
            assertEquals(3, ex.segment());
            assertEquals(8, ex.offset());
            assertTrue(ex.getMessage().contains("segment 3, offset 8"), ex.getMessage());

            SegmentScanner headers = SegmentScanner.open(ch, 3, false);
            assertTrue(headers.next());
            assertEquals(data.length, headers.dataLength());
            assertTrue(headers.next());
            assertEquals(SegmentEntry.TAG_COMMIT, headers.tag());

            ex = assertThrows(SegmentFormatException.class, () -> SegmentScanner.readPut(ch, 8, key, 3));
            assertEquals(SegmentFormatException.CRC_MISMATCH, ex.reason());

            ByteArrayOutputStream handedOut = new ByteArrayOutputStream();
            try (InputStream in = SegmentScanner.openPut(ch, 8, key, 3)) {
                byte[] buf = new byte[4096];
                ex = assertThrows(SegmentFormatException.class, () -> {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        handedOut.write(buf, 0, n);
                    }
                });
            }
            assertEquals(SegmentFormatException.CRC_MISMATCH, ex.reason());
            assertTrue(handedOut.size() < data.length, "the corrupt object never reads as complete");
        }
        assertFalse(SegmentScanner.isCommitted(file));
    }

    @Test
    void readPutRefusesWrongKeyWrongTagAndBadSize() throws IOException {
        byte[] key = SegmentEntryTest.filled((byte) 1);
        ByteBuffer delete = ByteBuffer.allocate(41);
        SegmentEntry.writeDeleteEntry(delete, key);
        Path file = writeSegment(tmp.resolve("5"), put(key, new byte[] {1, 2, 3}), delete.array());
        try (FileChannel ch = FileChannel.open(file)) {
            assertEquals(SegmentFormatException.WRONG_KEY, assertThrows(SegmentFormatException.class,
                    () -> SegmentScanner.readPut(ch, 8, SegmentEntryTest.filled((byte) 2), 5)).reason());
            assertEquals(SegmentFormatException.BAD_TAG, assertThrows(SegmentFormatException.class,
                    () -> SegmentScanner.readPut(ch, 8 + 44, key, 5)).reason());
            assertEquals(SegmentFormatException.SHORT_READ, assertThrows(SegmentFormatException.class,
                    () -> SegmentScanner.readPut(ch, 8 + 44 + 41 - 10, key, 5)).reason());
            assertEquals(SegmentFormatException.BAD_SIZE, assertThrows(SegmentFormatException.class,
                    () -> SegmentScanner.readPut(ch, 0, key, 5)).reason(), "the magic read as a header has an absurd size");
        }
    }

    @Test
    void scannerNamesBadMagicBadTagAndBadSize() throws IOException {
        Path magic = tmp.resolve("m");
        Files.write(magic, concat("ATTICSEG".getBytes(), SegmentEntry.COMMIT_ENTRY));
        assertEquals(SegmentFormatException.BAD_MAGIC, firstFailure(magic).reason());

        Path tag3 = writeSegment(tmp.resolve("t"), entryWithTag(3, SegmentEntryTest.filled((byte) 9)));
        SegmentFormatException ex = firstFailure(tag3);
        assertEquals(SegmentFormatException.BAD_TAG, ex.reason());
        assertEquals(8, ex.offset());

        byte[] huge = put(SegmentEntryTest.filled((byte) 3), new byte[4]);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(4, SegmentEntry.MAX_OBJECT_SIZE + 1);
        assertEquals(SegmentFormatException.BAD_SIZE, firstFailure(writeSegment(tmp.resolve("h"), huge)).reason());

        byte[] tiny = SegmentEntry.COMMIT_ENTRY.clone();
        tiny[4] = 8;
        assertEquals(SegmentFormatException.BAD_SIZE, firstFailure(writeSegment(tmp.resolve("s"), tiny)).reason());
    }

    private static SegmentFormatException firstFailure(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            SegmentScanner s = SegmentScanner.open(ch, 77);
            return assertThrows(SegmentFormatException.class, () -> {
                while (s.next()) {
                    // walk to the failure
                }
            });
        }
    }

    /** A scanner reused over segments and entries bigger than its window still reads everything right. */
    @Test
    void bigEntriesAndReuseAcrossSegments() throws IOException {
        byte[] a = new byte[300_000];
        byte[] b = new byte[5];
        new java.util.Random(1).nextBytes(a);
        Path first = writeSegment(tmp.resolve("10"), put(SegmentEntryTest.filled((byte) 5), a), put(SegmentEntryTest.filled((byte) 6), b),
                SegmentEntry.COMMIT_ENTRY);
        Path second = writeSegment(tmp.resolve("11"), put(SegmentEntryTest.filled((byte) 7), b));
        try (FileChannel c1 = FileChannel.open(first); FileChannel c2 = FileChannel.open(second)) {
            SegmentScanner s = SegmentScanner.open(c1, 10);
            assertTrue(s.next());
            ByteBuffer got = ByteBuffer.allocate(a.length);
            s.readData(got);
            assertArrayEquals(a, got.array());
            assertTrue(s.next());
            assertEquals(8 + 41 + a.length, s.offset());
            got = ByteBuffer.allocateDirect(5);
            s.readData(got);
            got.flip();
            byte[] small = new byte[5];
            got.get(small);
            assertArrayEquals(b, small);
            assertTrue(s.next());
            assertFalse(s.next());
            s.reset(c2, 11);
            assertTrue(s.next());
            assertTrue(s.keyEquals(SegmentEntryTest.filled((byte) 7)));
            assertFalse(s.next());
            // continue from an offset, as borg's scan(marker) does
            s.reset(c1, 10, 8 + 41 + a.length);
            assertTrue(s.next());
            assertEquals(SegmentEntry.TAG_PUT, s.tag());
        }
    }

    /** isCommitted agrees with borg's own LoggedIO.is_committed_segment on fixtures and crafted files. */
    @Test
    @SuppressWarnings("unchecked")
    void isCommittedAgreesWithBorg() throws IOException {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is needed");
        Path crafted = tmp.resolve("crafted");
        Files.createDirectories(crafted.resolve("data/0"));
        byte[] k = SegmentEntryTest.filled((byte) 8);
        byte[] p = put(k, new byte[] {1, 2});
        byte[] badCrc = p.clone();
        badCrc[p.length - 1] ^= 1;
        byte[] flippedCommit = SegmentEntry.COMMIT_ENTRY.clone();
        flippedCommit[0] ^= 1;
        byte[][][] cases = {
            {SegmentEntry.MAGIC, SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, p, SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, SegmentEntry.COMMIT_ENTRY, p, SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, SegmentEntry.COMMIT_ENTRY, SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, badCrc, SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, p},
            {SegmentEntry.MAGIC},
            {new byte[0]},
            {"BORG".getBytes()},
            {SegmentEntry.MAGIC, SegmentEntry.COMMIT_ENTRY, new byte[] {0}},
            {"ATTICSEG".getBytes(), SegmentEntry.COMMIT_ENTRY},
            {SegmentEntry.MAGIC, flippedCommit},
            {SegmentEntry.MAGIC, entryWithTag(3, k), SegmentEntry.COMMIT_ENTRY},
        };
        Map<Long, Boolean> ours = new TreeMap<>();
        for (int i = 0; i < cases.length; i++) {
            Path f = crafted.resolve("data/0/" + i);
            Files.write(f, concat(cases[i]));
            ours.put((long) i, SegmentScanner.isCommitted(f));
        }
        assertEquals(borgCommitted(crafted, 1000), ours, "crafted segments");
        for (String fixture : Fixtures.NAMES) {
            Map<String, Object> expected = Fixtures.expected(fixture);
            int spd = Integer.parseInt((String) ((Map<String, Object>) expected.get("config")).get("segments_per_dir"));
            Map<Long, Boolean> mine = new TreeMap<>();
            for (String rel : ((Map<String, Object>) expected.get("segment_files")).keySet()) {
                Path f = Fixtures.repo(fixture).resolve(rel);
                mine.put(Long.parseLong(f.getFileName().toString()), SegmentScanner.isCommitted(f));
            }
            assertEquals(borgCommitted(Fixtures.repo(fixture), spd), mine, fixture);
        }
    }

    private Map<Long, Boolean> borgCommitted(Path repo, int segmentsPerDir) {
        String script = String.join("\n",
                "import sys",
                "from borg.repository import LoggedIO",
                "io = LoggedIO(sys.argv[1], 524288000, int(sys.argv[2]))",
                "for seg, fn in io.segment_iterator():",
                "    print(seg, io.is_committed_segment(seg))",
                "io.close()");
        BorgPeer.Result r = BorgPeer.python(tmp.resolve("borg-base"), script, null, repo.toString(), Integer.toString(segmentsPerDir));
        assertEquals(0, r.exitCode(), r.output());
        Map<Long, Boolean> result = new TreeMap<>();
        for (String line : r.output().strip().split("\n")) {
            String[] parts = line.split(" ");
            result.put(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1].toLowerCase()));
        }
        return result;
    }

    // ---- helpers -------------------------------------------------------------------------------------

    static byte[] put(byte[] key, byte[] data) {
        ByteBuffer entry = ByteBuffer.allocate(41 + data.length);
        SegmentEntry.writePutHeader(entry, key, ByteBuffer.wrap(data));
        entry.put(data);
        return entry.array();
    }

    static byte[] entryWithTag(int tag, byte[] key) {
        ByteBuffer e = ByteBuffer.allocate(41).order(ByteOrder.LITTLE_ENDIAN);
        e.putInt(0).putInt(41).put((byte) tag).put(key);
        CRC32 crc = new CRC32();
        crc.update(e.array(), 4, 37);
        e.putInt(0, (int) crc.getValue());
        return e.array();
    }

    static Path writeSegment(Path file, byte[]... entries) throws IOException {
        byte[][] all = new byte[entries.length + 1][];
        all[0] = SegmentEntry.MAGIC;
        System.arraycopy(entries, 0, all, 1, entries.length);
        Files.write(file, concat(all));
        return file;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            ch.write(one, at);
        }
    }

    static String sha256(byte[] data) throws Exception {
        return Fixtures.hex(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
