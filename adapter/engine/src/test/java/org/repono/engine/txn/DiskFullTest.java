package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.log.SegmentFiles;

/**
 * A real full disk: a small tmpfs mounted for the test (needs root; skipped elsewhere). Guards invariant 2 on
 * ENOSPC: the failed write is rolled back, its partial segments removed, the repository stays usable.
 */
class DiskFullTest {

    @TempDir
    Path tmp;

    Path mount;
    boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = tmp.resolve("disk");
        Files.createDirectory(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static RepositoryOptions options() {
        return TestIds.options().withMaxSegmentSize(256 * 1024);
    }

    /** Fills the disk with a filler file until the free space is below {@code leave} bytes. */
    private Path fill(long leave) throws IOException {
        Path filler = mount.resolve("filler");
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (Files.getFileStore(mount).getUsableSpace() > leave) {
                chunk.clear();
                try {
                    ch.write(chunk);
                } catch (IOException full) {
                    break;
                }
            }
        }
        return filler;
    }

    private static long segmentCount(Path repo) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void commitIsRefusedBelowBorgsFreeSpaceReserveAndSucceedsOnceThereIsRoom() throws IOException {
        Path path = mount.resolve("repo");
        try (Repository repo = Repositories.create(path, options())) {
            Path filler = fill(100_000);
            long segments = segmentCount(path);
            Transaction t = repo.begin();
            t.put(TestIds.id("a"), TestIds.data("a", 1000));
            InsufficientFreeSpaceException e = assertThrows(InsufficientFreeSpaceException.class, t::commit);
            assertTrue(e.getMessage().contains("Insufficient free space"), e.getMessage());
            assertEquals(segments, segmentCount(path), "nothing written");
            assertFalse(repo.contains(TestIds.id("a")));
            Files.delete(filler);
            try (Transaction again = repo.begin()) {
                again.put(TestIds.id("a"), TestIds.data("a", 1000));
                again.commit();
            }
            assertArrayEquals(TestIds.data("a", 1000), repo.get(TestIds.id("a")));
        }
    }

    @Test
    void invariant2_noSpaceLeftDuringCompactionRollsBackAndRemovesThePartialSegments() throws IOException {
        Path path = mount.resolve("repo");
        SegmentFiles files = new SegmentFiles(path, 1000);
        try (Repository repo = Repositories.create(path, options())) {
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 8; i++) {
                    t.put(TestIds.id("c" + i), TestIds.data("c" + i, 100_000));
                }
                t.commit();
            }
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 8; i += 2) {
                    t.delete(TestIds.id("c" + i));
                }
                t.commit();
            }
            long tid = repo.stats().transactionId();
            long[] before = files.list();
            Path filler = fill(0);
            InsufficientFreeSpaceException e = assertThrows(InsufficientFreeSpaceException.class,
                    () -> repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertArrayEquals(before, files.list(), "partial segments removed");
            assertEquals(tid, repo.stats().transactionId());
            for (int i = 1; i < 8; i += 2) {
                assertArrayEquals(TestIds.data("c" + i, 100_000), repo.get(TestIds.id("c" + i)));
            }
            Files.delete(filler);
            repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
            assertEquals(4, repo.size());
        }
    }

    @Test
    void invariant4_noSpaceLeftDuringPrepareLeavesNoBranch() throws IOException {
        Path path = mount.resolve("repo");
        try (Repository repo = Repositories.create(path, options())) {
            Transaction t = repo.begin();
            t.put(TestIds.id("p"), TestIds.data("p", 500_000));
            Path filler = fill(0);
            InsufficientFreeSpaceException e = assertThrows(InsufficientFreeSpaceException.class,
                    () -> t.prepare("xid".getBytes()));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(repo.preparedBranches().isEmpty());
            try (Stream<Path> s = Files.list(path.resolve("repono/prepared"))) {
                assertEquals(0, s.count(), "no partial prepared file");
            }
            Files.delete(filler);
            t.prepare("xid".getBytes());
            repo.commitPrepared("xid".getBytes());
            assertTrue(repo.contains(TestIds.id("p")));
        }
    }
}
