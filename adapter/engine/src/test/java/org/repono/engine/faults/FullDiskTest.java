package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.repono.engine.CheckReport;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.SegmentEntry;

/**
 * A disk that fills up in the middle of a commit, after borg's free-space check let the commit start: the
 * partial segments are removed, the error says the disk is full ({@link InsufficientFreeSpaceException}), the
 * repository stays at its last commit, readable, checkable (engine and borg) and writable once there is room.
 * First on a real 4 MiB tmpfs (mounted by the test; needs root, skipped with a message elsewhere), then the same
 * path through an injected ENOSPC at chosen points of the commit. Guards invariants 1 and 2.
 */
class FullDiskTest {
    /** Each object in a segment file of its own: on a tmpfs every file takes a 4 KiB page for ~2 KiB of entry. */
    private static final long TINY_SEGMENTS = 1024;
    private static final int OBJECT = 2048;

    @TempDir
    Path tmp;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            Process p = new ProcessBuilder("umount", mounted.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", mounted.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The commit's entries need about 2.5 MB, which borg's free-space check (it counts entry bytes) finds available
     * on the 4 MiB disk; but 1200 one-entry segment files take 1200 pages, 4.7 MiB, so the disk fills part way.
     */
    @Test
    void invariants12_aRealDiskFillingUpInTheMiddleOfACommitLeavesTheLastCommit() throws Exception {
        Path disk = Files.createDirectory(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        boolean ok = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        String why = ok ? "" : new String(mount.getInputStream().readAllBytes()).strip();
        assumeTrue(ok, "cannot mount a 4 MiB tmpfs here (needs root and CAP_SYS_ADMIN): " + why
                + "; the injected-ENOSPC tests of this class cover the same path");
        mounted = disk;

        Path path = disk.resolve("repo");
        RepositoryOptions options = RepositoryOptions.defaults().withMaxSegmentSize(TINY_SEGMENTS);
        SplittableRandom random = new SplittableRandom(7);
        RepositoryState before;
        try (Repository repo = Repositories.create(path, options)) {
            commit(repo, objects(random, 20, OBJECT));
            before = RepositoryState.of(repo);
            List<byte[][]> tooMany = objects(random, 1200, OBJECT);
            InsufficientFreeSpaceException e = assertThrows(InsufficientFreeSpaceException.class, () -> commit(repo, tooMany));
            assertTrue(e.getMessage().contains("No space left on device"),
                    "the disk must fill during the commit, not at borg's free-space check before it: " + e.getMessage());
            assertAtLastCommit(repo, before, "after the disk filled up");
            assertFalse(repo.contains(tooMany.get(0)[0]));
            assertNoStagingLeft(path);
        }
        try (Repository repo = reopenAtLastCommit(path, options, before, "after the disk filled up")) {
            // room again: the repository takes a commit
            List<byte[][]> some = objects(random, 3, OBJECT);
            commit(repo, some);
            assertTrue(repo.contains(some.get(2)[0]));
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after the disk filled up");
        }
    }

    /**
     * The same through an injected ENOSPC, at points across the commit: the first write, the middle of the data
     * segment, its last bytes, the COMMIT segment's magic, the COMMIT entry itself.
     *
     * @param at where the disk is full, as a share of the commit's bytes (per mille), or -1 for "after the data
     *           segment and the magic of the COMMIT segment"
     */
    @ParameterizedTest(name = "disk full at {0} per mille of the commit")
    @ValueSource(ints = {0, 1, 500, 990, 1000, -1})
    void invariants12_anInjectedDiskFullLeavesTheLastCommit(int at) throws Exception {
        Path path = tmp.resolve("repo");
        SplittableRandom random = new SplittableRandom(at + 11L);
        RepositoryState before;
        List<byte[][]> batch = objects(random, 40, 50_000);
        long budget;
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults());
             FaultInjection injection = FaultInjection.under(path)) {
            commit(repo, objects(random, 10, 30_000));
            before = RepositoryState.of(repo);
            long dataSegment = SegmentEntry.MAGIC_SIZE;
            for (byte[][] o : batch) {
                dataSegment += SegmentEntry.PUT_HEADER_SIZE + o[1].length;
            }
            budget = at >= 0 ? dataSegment * at / 1000 : dataSegment + SegmentEntry.MAGIC_SIZE;
            injection.faults.diskFullAfter(budget);
            InsufficientFreeSpaceException e = assertThrows(InsufficientFreeSpaceException.class, () -> commit(repo, batch));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertAtLastCommit(repo, before, "after ENOSPC " + budget + " bytes into the commit");
        }
        try (Repository repo = reopenAtLastCommit(path, RepositoryOptions.defaults(), before, "after ENOSPC " + budget)) {
            commit(repo, batch);
            assertTrue(repo.contains(batch.get(39)[0]));
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check after the next commit: " + report.problems());
            assertEquals(50, repo.size());
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after an injected ENOSPC");
        }
    }

    /** The state of the last commit, and nothing for check to find. */
    static void assertAtLastCommit(Repository repo, RepositoryState before, String when) {
        assertNull(before.differenceTo(RepositoryState.of(repo)), when);
        CheckReport report = repo.check(false, null, null);
        assertTrue(report.clean(), () -> "check " + when + ": " + report.problems());
    }

    /** Reopened (a new session loads everything from disk): still the state of the last commit. */
    static Repository reopenAtLastCommit(Path path, RepositoryOptions options, RepositoryState before, String when) {
        Repository again = Repositories.open(path, options);
        try {
            assertAtLastCommit(again, before, when + ", reopened");
            return again;
        } catch (RuntimeException | Error e) {
            again.close();
            throw e;
        }
    }

    private static void assertNoStagingLeft(Path repo) throws IOException {
        Path staging = repo.resolve("repono").resolve("tmp");
        if (Files.isDirectory(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(List.of(), left.toList(), "staging files left behind");
            }
        }
    }

    static List<byte[][]> objects(SplittableRandom random, int count, int size) {
        List<byte[][]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            byte[] data = new byte[size];
            random.nextBytes(data);
            out.add(new byte[][] {id, data});
        }
        return out;
    }

    static void commit(Repository repo, List<byte[][]> objects) {
        try (Transaction txn = repo.begin()) {
            for (byte[][] o : objects) {
                txn.put(o[0], o[1]);
            }
            txn.commit();
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
