package org.repono.engine.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.Fixtures;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.log.SegmentFiles;

/**
 * What repair must never do, and what it must keep: refused in append-only mode, the damaged original kept
 * under repono/evidence/, nothing changed by a cancelled check or repair, recovery identical to borg's own,
 * and the same findings whatever the number of threads.
 */
class RepairSafetyTest {
    @TempDir
    static Path work;
    static Path base;
    static Borg borg;
    static BorgLibrary library;

    /** borg init, then 3 transactions of 6 PUTs each: data segments 2, 4, 6; commits 3, 5, 7. */
    @BeforeAll
    static void buildBase() {
        assumeTrue(Borg.installed(), "borg 1.2.4 is needed as the judge");
        borg = new Borg(work.resolve("borg-home"));
        library = new BorgLibrary(work.resolve("borg-home"));
        base = work.resolve("base");
        borg.init(base);
        Random random = new Random(77);
        for (int t = 0; t < 3; t++) {
            LinkedHashMap<String, byte[]> puts = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                byte[] id = new byte[32];
                random.nextBytes(id);
                byte[] data = new byte[500 + random.nextInt(3000)];
                random.nextBytes(data);
                puts.put(HexFormat.of().formatHex(id), data);
            }
            library.apply(base, puts);
        }
    }

    @Test
    void repairIsRefusedInAppendOnlyModeAndChangesNothing(@TempDir Path tmp) {
        Path repo = tmp.resolve("r");
        borg.init(repo, "--append-only");
        byte[] id = new byte[32];
        id[0] = 1;
        borg.putObject(repo, id, "some data".getBytes());
        RepoFiles.flipBit(segmentFile(repo, 2), 20, 0);
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        Map<String, String> before = RepoFiles.snapshot(repo);

        AppendOnlyException refused = assertThrows(AppendOnlyException.class,
                () -> new RepositoryCheck(repo, config, 2).repair(ProgressListener.NONE, Cancellation.NEVER));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        assertEquals(before, RepoFiles.snapshot(repo));
        CheckReport check = new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(check.problems().stream().anyMatch(p -> p.kind().equals(ProblemKind.CRC_MISMATCH) && p.segment() == 2),
                check.problems().toString());
        assertEquals(before, RepoFiles.snapshot(repo));
    }

    @Test
    void theDamagedOriginalAndTheUncommittedTailAreKeptAsEvidence(@TempDir Path tmp) throws IOException {
        Path repo = RepoFiles.copy(base, tmp.resolve("r"));
        RepoFiles.zero(segmentFile(repo, 4), 100, 50);
        byte[] damaged = Files.readAllBytes(segmentFile(repo, 4));
        // an uncommitted tail, as a crash in the middle of a transaction leaves it
        byte[] tail = Arrays8.concat("BORG_SEG".getBytes(), new byte[] {1, 2, 3});
        Files.write(segmentFile(repo, 8), tail);
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));

        CheckReport report = new RepositoryCheck(repo, config, 2).repair(ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(report.repaired(), report.toString());
        Path evidence = repo.resolve("repono/evidence");
        List<Path> kept;
        try (Stream<Path> list = Files.list(evidence)) {
            kept = list.sorted().toList();
        }
        assertEquals(2, kept.size(), kept.toString());
        Path kept4 = kept.stream().filter(p -> p.getFileName().toString().startsWith("4.")).findFirst().orElseThrow();
        Path kept8 = kept.stream().filter(p -> p.getFileName().toString().startsWith("8.")).findFirst().orElseThrow();
        assertArrayEquals(damaged, Files.readAllBytes(kept4), "the damaged original, byte for byte");
        assertArrayEquals(tail, Files.readAllBytes(kept8), "the uncommitted tail, byte for byte");
        assertFalse(Files.exists(segmentFile(repo, 8)));
        assertTrue(Files.size(segmentFile(repo, 4)) < damaged.length);
        assertTrue(borg.checkRepositoryOnly(repo).silentSuccess(), "borg ignores repono/evidence");
        assertTrue(new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER).clean());
    }

    @Test
    void aCancelledCheckReportsCancelledAndChangesNothing(@TempDir Path tmp) {
        Path repo = Fixtures.copyRepo("f_many_segments", tmp.resolve("r"));
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        Map<String, String> before = RepoFiles.snapshot(repo);

        Cancellation already = new Cancellation();
        already.cancel();
        CheckReport first = new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, already);
        assertTrue(first.cancelled());
        assertFalse(first.clean());

        Cancellation midway = new Cancellation();
        AtomicInteger calls = new AtomicInteger();
        ProgressListener cancelAtThird = (phase, fraction, done, total) -> {
            if (calls.incrementAndGet() == 3) {
                midway.cancel();
            }
        };
        CheckReport second = new RepositoryCheck(repo, config, 1).check(null, -1, cancelAtThird, midway);
        assertTrue(second.cancelled(), second.toString());
        assertTrue(second.segmentsChecked() < new SegmentFiles(repo, config.segmentsPerDir()).list().length,
                "stopped before the end: " + second);
        assertEquals(before, RepoFiles.snapshot(repo));
    }

    @Test
    void aRepairCancelledWhileReadingChangesNothing(@TempDir Path tmp) {
        Path repo = RepoFiles.copy(base, tmp.resolve("r"));
        RepoFiles.flipBit(segmentFile(repo, 2), 300, 4);
        RepoFiles.flipBit(segmentFile(repo, 6), 300, 4);
        RepoFiles.delete(repo.resolve("hints.7"));
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        Map<String, String> before = RepoFiles.snapshot(repo);

        Cancellation cancellation = new Cancellation();
        ProgressListener cancelAtOnce = (phase, fraction, done, total) -> cancellation.cancel();
        CheckReport cancelled = new RepositoryCheck(repo, config, 1).repair(cancelAtOnce, cancellation);
        assertTrue(cancelled.cancelled(), cancelled.toString());
        assertFalse(cancelled.repaired());
        assertEquals(before, RepoFiles.snapshot(repo), "a cancelled repair must change nothing");

        CheckReport done = new RepositoryCheck(repo, config, 1).repair(ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(done.repaired(), done.toString());
        assertTrue(borg.checkRepositoryOnly(repo).silentSuccess());
    }

    @Test
    void recoveryWritesExactlyWhatBorgsRecoverSegmentWrites(@TempDir Path tmp) throws IOException {
        int segmentsPerDir = RepositoryConfig.read(base.resolve("config")).segmentsPerDir();
        long size = Files.size(segmentFile(base, 4));
        String[] damages = {"flip", "zero", "truncate", "magic", "tiny"};
        for (String damage : damages) {
            Path ours = RepoFiles.copy(base, tmp.resolve("ours-" + damage));
            Path theirs = RepoFiles.copy(base, tmp.resolve("theirs-" + damage));
            for (Path repo : List.of(ours, theirs)) {
                Path file = segmentFile(repo, 4);
                switch (damage) {
                    case "flip" -> RepoFiles.flipBit(file, size / 3, 5);
                    case "zero" -> RepoFiles.zero(file, size / 2 - 2048, 4096);
                    case "truncate" -> RepoFiles.truncate(file, size - 77);
                    case "magic" -> RepoFiles.overwrite(file, 0, "XXXX".getBytes());
                    default -> RepoFiles.truncate(file, 12);
                }
            }
            Path file = segmentFile(ours, 4);
            SegmentReading reading = new SegmentReading(4);
            SegmentSurvivors survivors;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                survivors = SegmentSurvivors.scan(ch, ch.size(), reading, Cancellation.NEVER);
            }
            SegmentReplacement.replace(file, 4, survivors, new Evidence(ours, Instant.now()));
            library.recoverSegment(theirs, segmentsPerDir, 4, segmentFile(theirs, 4));
            assertArrayEquals(Files.readAllBytes(segmentFile(theirs, 4)), Files.readAllBytes(file), damage);
            assertEquals(survivors.newSize, Files.size(file), damage);
        }
    }

    /**
     * A CRC-valid entry with a tag borg's reader refuses (here 5): borg's recover_segment keeps it and leaves a
     * segment its own check rejects; this repair drops it, and borg then finds the repository clean.
     */
    @Test
    void anEntryWithAnUnknownTagIsDroppedWhereBorgWouldKeepIt(@TempDir Path tmp) throws IOException {
        Path ours = RepoFiles.copy(base, tmp.resolve("ours"));
        Path theirs = RepoFiles.copy(base, tmp.resolve("theirs"));
        byte[] entry = new byte[41];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(entry).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 41).put(8, (byte) 5);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(entry, 4, 37);
        b.putInt(0, (int) crc.getValue());
        for (Path repo : List.of(ours, theirs)) {
            Files.write(segmentFile(repo, 4), entry, StandardOpenOption.APPEND);
        }
        long at = Files.size(segmentFile(base, 4));
        RepositoryConfig config = RepositoryConfig.read(ours.resolve("config"));

        CheckReport check = new RepositoryCheck(ours, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(check.problems().stream().anyMatch(p -> p.kind().equals(ProblemKind.BAD_TAG) && p.segment() == 4
                && p.offset() == at), check.problems().toString());
        CheckReport repair = new RepositoryCheck(ours, config, 2).repair(ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(repair.repaired());
        assertEquals(at, Files.size(segmentFile(ours, 4)), "everything but the odd entry survives");
        assertTrue(borg.checkRepositoryOnly(ours).silentSuccess());

        library.recoverSegment(theirs, config.segmentsPerDir(), 4, segmentFile(theirs, 4));
        assertEquals(at + 41, Files.size(segmentFile(theirs, 4)), "borg keeps the entry");
        assertFalse(borg.checkRepositoryOnly(theirs).silentSuccess(), "and its own check then rejects the segment");
    }

    @Test
    void theNumberOfThreadsDoesNotChangeTheFindings(@TempDir Path tmp) {
        Path repo = RepoFiles.copy(base, tmp.resolve("r"));
        RepoFiles.flipBit(segmentFile(repo, 2), 1000, 1);
        RepoFiles.truncate(segmentFile(repo, 6), 2000);
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        List<String> reference = null;
        for (int threads : new int[] {1, 2, 4}) {
            List<Double> fractions = new ArrayList<>();
            long[] totals = new long[2];
            CheckReport report = new RepositoryCheck(repo, config, threads).check(null, 7, (phase, fraction, done, total) -> {
                fractions.add(fraction);
                totals[0] = done;
                totals[1] = total;
            }, Cancellation.NEVER);
            List<String> found = report.problems().stream()
                    .map(p -> p.kind() + "@" + p.segment() + ":" + p.offset() + " " + p.message()).toList();
            if (reference == null) {
                reference = found;
                assertTrue(found.get(0).startsWith(ProblemKind.CRC_MISMATCH + "@2:"), found.toString());
                assertTrue(found.get(1).startsWith(ProblemKind.SHORT_READ + "@6:"), found.toString());
            }
            assertEquals(reference, found, threads + " threads");
            for (int i = 1; i < fractions.size(); i++) {
                assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress never goes back: " + fractions);
            }
            assertEquals(1.0, fractions.get(fractions.size() - 1));
            assertEquals(report.bytesChecked(), totals[1]);
            assertEquals(totals[1], totals[0]);
        }
    }

    private static Path segmentFile(Path repo, long segment) {
        int perDir = RepositoryConfig.read(repo.resolve("config")).segmentsPerDir();
        return new SegmentFiles(repo, perDir).pathOf(segment);
    }

    /** Tiny byte-array helper for the tests above. */
    private static final class Arrays8 {
        static byte[] concat(byte[] a, byte[] b) {
            byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
