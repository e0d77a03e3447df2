package org.repono.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFilesTest {

    @TempDir
    Path repo;

    private void touch(String rel, int size) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
    }

    @Test
    void namesSegmentsAsBorgAndListsOnlyDigitNames() throws IOException {
        SegmentFiles files = new SegmentFiles(repo, 1000);
        assertEquals(repo.resolve("data/0/999"), files.pathOf(999));
        assertEquals(repo.resolve("data/1/1000"), files.pathOf(1000));
        touch("data/0/0", 17);
        touch("data/0/7", 0);
        touch("data/0/12", 17);
        touch("data/1/1003", 17);
        touch("data/0/5.tmp", 17);
        touch("data/0/12-abcdefgh.tmp", 17);
        touch("data/x/4", 17);
        touch("data/99", 17); // a file where a dir belongs: ignored
        assertArrayEquals(new long[] {0, 7, 12, 1003}, files.list());
        assertEquals(1003, files.latest());
        assertFalse(files.exists(7), "a 0-byte segment counts as deleted");
        assertTrue(files.exists(12));
        assertEquals(-1, files.size(8));
    }

    @Test
    void invariant2_cleanupDeletesEverythingAboveTheLastCommit() throws IOException {
        SegmentFiles files = new SegmentFiles(repo, 2);
        for (int s = 0; s < 7; s++) {
            touch("data/" + (s / 2) + "/" + s, 17);
        }
        long[] deleted = files.deleteAbove(3, null);
        assertArrayEquals(new long[] {6, 5, 4}, deleted, "newest first");
        assertArrayEquals(new long[] {0, 1, 2, 3}, files.list());
    }

    @Test
    void channelsStayReadableAfterEvictionAndDeletion() throws IOException {
        SegmentFiles files = new SegmentFiles(repo, 1000);
        for (int s = 0; s < 4; s++) {
            touch("data/0/" + s, 10 + s);
        }
        try (SegmentChannels channels = new SegmentChannels(files, 2)) {
            SegmentChannels.Handle h0 = channels.acquire(0);
            channels.acquire(1).close();
            channels.acquire(2).close();
            channels.acquire(3).close();
            assertEquals(2, channels.cached(), "bounded");
            Files.delete(files.pathOf(0));
            // evicted and unlinked, still open for its holder
            assertEquals(10, h0.channel().size());
            assertEquals(10, h0.channel().read(ByteBuffer.allocate(100), 0));
            h0.close();
            assertFalse(h0.channel().isOpen(), "closed with the last reference");
            SegmentChannels.Handle h3 = channels.acquire(3);
            channels.evict(3);
            assertTrue(h3.channel().isOpen(), "the holder keeps it");
            h3.close();
            assertFalse(h3.channel().isOpen());
            assertThrows(java.nio.file.NoSuchFileException.class, () -> channels.acquire(0));
        }
    }
}
