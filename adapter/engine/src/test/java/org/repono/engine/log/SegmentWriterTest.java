package org.repono.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentScanner;

class SegmentWriterTest {

    @TempDir
    Path repo;

    SegmentFiles files;
    SegmentChannels channels;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectory(repo.resolve("data"));
        files = new SegmentFiles(repo, 3);
        channels = new SegmentChannels(files, 4);
    }

    static ByteBuffer put(byte[] key, int dataLength) {
        ByteBuffer data = ByteBuffer.allocate(dataLength);
        ByteBuffer entry = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE + dataLength);
        SegmentEntry.writePutHeader(entry, key, data);
        entry.put(data);
        return entry.flip();
    }

    static byte[] key(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    @Test
    void rollsOverBeforeAnEntryOnlyWhenTheOffsetIsStrictlyAboveTheLimit() throws Exception {
        // FORMAT §2.1: max_segment_size 2000 + two 1041-byte PUTs -> one 2090-byte file
        SegmentWriter w = new SegmentWriter(files, channels, 2000, 0);
        long first = w.append(put(key(1), 1000), key(1), false);
        long second = w.append(put(key(2), 1000), key(2), false);
        assertEquals(0, first >>> 32);
        assertEquals(8, (int) first);
        assertEquals(0, second >>> 32, "offset 1049 is not above 2000: same segment");
        long third = w.append(put(key(3), 10), key(3), false);
        assertEquals(1, third >>> 32, "offset 2090 > 2000: the third entry starts segment 1");
        assertEquals(8, (int) third);
        w.close();
        assertEquals(2090, Files.size(files.pathOf(0)));
    }

    @Test
    void finalCommitIsASeventeenByteSegmentOfItsOwn() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 1 << 20, 3);
        w.append(put(key(1), 100), key(1), false);
        long tid = w.writeCommit();
        assertEquals(4, tid);
        assertEquals(8 + 141, Files.size(files.pathOf(3)));
        byte[] commit = Files.readAllBytes(files.pathOf(4));
        assertEquals(17, commit.length);
        assertArrayEquals(SegmentEntry.MAGIC, Arrays.copyOf(commit, 8));
        assertArrayEquals(SegmentEntry.COMMIT_ENTRY, Arrays.copyOfRange(commit, 8, 17));
        assertTrue(SegmentScanner.isCommitted(files.pathOf(4)));
        assertFalse(SegmentScanner.isCommitted(files.pathOf(3)));
        assertEquals(5, w.segment());
        assertTrue(Files.isDirectory(repo.resolve("data/1")), "segments 3 and 4 live in data/1 (3 per dir)");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.pathOf(4))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("data/1"))));
        // 4 syncs for one commit: data segment + its dir, commit segment + its dir; +1 (data/) for creating data/1
        assertEquals(5, w.syncs());
    }

    @Test
    void manifestIdAlwaysStartsANewSegment() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 1 << 20, 0);
        byte[] manifest = new byte[32];
        long a = w.append(put(key(1), 10), key(1), false);
        ByteBuffer del = ByteBuffer.allocate(41);
        SegmentEntry.writeDeleteEntry(del, manifest);
        long d = w.append(del.flip(), manifest, false);
        long p = w.append(put(manifest, 10), manifest, false);
        long b = w.append(put(key(2), 10), key(2), false);
        assertEquals(0, a >>> 32);
        assertEquals(1, d >>> 32, "DELETE of the manifest id: new segment");
        assertEquals(2, p >>> 32, "PUT of the manifest id: new segment");
        assertEquals(2, b >>> 32, "an ordinary id after it stays");
        w.close();
    }

    @Test
    void firstManifestEntryDoesNotSkipASegmentNumber() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 1 << 20, 4);
        long p = w.append(put(new byte[32], 10), new byte[32], false);
        assertEquals(4, p >>> 32, "no segment open yet: nothing to close");
        w.close();
    }

    @Test
    void raiseFullModeThrowsInsteadOfRollingOver() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 100, 0);
        w.append(put(key(1), 100), key(1), true);
        assertThrows(SegmentWriter.SegmentFullException.class, () -> w.append(put(key(2), 1), key(2), true));
        long c = w.writeIntermediateCommit();
        assertEquals(0, c);
        assertTrue(SegmentScanner.isCommitted(files.pathOf(0)), "intermediate COMMIT appended to the full segment");
        assertEquals(149 + 9, Files.size(files.pathOf(0)));
    }

    @Test
    void segmentsAreCreatedExclusively() throws Exception {
        Files.createDirectories(files.dirOf(0));
        Files.write(files.pathOf(0), new byte[] {1, 2, 3});
        SegmentWriter w = new SegmentWriter(files, channels, 1 << 20, 0);
        assertThrows(FileAlreadyExistsException.class, () -> w.append(put(key(1), 10), key(1), false));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(files.pathOf(0)), "a stale file is never appended to");
    }

    @Test
    void invariant2_abortRemovesEverySegmentWrittenSinceTheMark() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 200, 0);
        w.writeCommit();
        w.mark();
        for (int i = 0; i < 5; i++) {
            w.append(put(key(i), 150), key(i), false);
        }
        assertTrue(files.list().length > 3);
        long[] removed = w.abort();
        assertTrue(removed.length >= 3);
        assertArrayEquals(new long[] {0}, files.list());
        assertEquals(1, w.segment(), "numbers are reused");
        w.append(put(key(9), 10), key(9), false);
        assertEquals(1, w.writeCommit() - 1);
    }

    @Test
    void bufferedBytesReachTheFileOnClose() throws Exception {
        SegmentWriter w = new SegmentWriter(files, channels, 64L << 20, 0);
        long total = 8;
        for (int i = 0; i < 40; i++) {
            w.append(put(key(i), 100_000), key(i), false);
            total += 100_041;
        }
        w.close();
        assertEquals(total, Files.size(files.pathOf(0)));
        try (FileChannel ch = FileChannel.open(files.pathOf(0), StandardOpenOption.READ)) {
            SegmentScanner s = SegmentScanner.open(ch, 0, true);
            int n = 0;
            while (s.next()) {
                n++;
            }
            assertEquals(40, n);
        }
    }
}
