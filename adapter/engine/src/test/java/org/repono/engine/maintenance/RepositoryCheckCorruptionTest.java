package org.repono.engine.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckProblem;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.log.SegmentFiles;

/**
 * Damages a repository written by the real borg 1.2.4 in one way per case; for each: check names the damage
 * (kind, segment, offset) and changes nothing, repair mends it, and afterwards this check is clean, {@code borg
 * check --repository-only} prints nothing and exits 0, every surviving object is byte-identical as borg reads
 * it, and exactly the objects whose entries were destroyed are gone (what a replay of the intact entries gives).
 * Guards durability invariants 2 (nothing after the last commit survives) and 3 (index files are derived data).
 *
 * <p>Layout of the base repository (transaction 9): 0 manifest, 1 commit (init); 2 put-obj, 3 commit; 4 ten
 * PUTs, 5 commit; 6 DELETE (delete-obj), 7 commit; 8 an overwrite (DELETE + PUT), seven PUTs and a DELETE,
 * 9 commit.
 */
class RepositoryCheckCorruptionTest {
    private static final Set<String> SEGMENT_KINDS = Set.of(ProblemKind.CRC_MISMATCH, ProblemKind.BAD_SIZE,
            ProblemKind.BAD_TAG, ProblemKind.SHORT_READ, ProblemKind.BAD_MAGIC);
    private static final long TID = 9;
    private static final List<String> TABLE = new ArrayList<>();
    private static int cliSpotChecks;

    @TempDir
    static Path work;
    static Path base;
    static Borg borg;
    static BorgLibrary library;
    static EntryModel model;
    static int segmentsPerDir;

    @BeforeAll
    static void buildBaseRepository() {
        assumeTrue(Borg.installed(), "borg 1.2.4 is needed as the judge");
        borg = new Borg(work.resolve("borg-home"));
        library = new BorgLibrary(work.resolve("borg-home"));
        base = work.resolve("base");
        Random random = new Random(20240607);
        borg.init(base);
        borg.putObject(base, id(random), bytes(random, 700));
        LinkedHashMap<String, byte[]> first = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            first.put(hex(id(random)), bytes(random, 200 + random.nextInt(2800)));
        }
        library.apply(base, first);
        List<String> firstIds = new ArrayList<>(first.keySet());
        borg.deleteObjects(base, HexFormat.of().parseHex(firstIds.get(3)));
        LinkedHashMap<String, byte[]> second = new LinkedHashMap<>();
        second.put(firstIds.get(5), bytes(random, 1500));
        for (int i = 0; i < 7; i++) {
            second.put(hex(id(random)), bytes(random, 300 + random.nextInt(2200)));
        }
        second.put(firstIds.get(7), null);
        library.apply(base, second);
        segmentsPerDir = RepositoryConfig.read(base.resolve("config")).segmentsPerDir();
        model = new EntryModel(base, segmentsPerDir);
        assertEquals(TID, new SegmentFiles(base, segmentsPerDir).latest(), "base layout changed: " + model.entries);
        assertTrue(borg.checkRepositoryOnly(base).silentSuccess());
    }

    @AfterAll
    static void printTable() {
        System.out.println("=== corruption cases: what check reported -> what repair did ===");
        TABLE.forEach(System.out::println);
    }

    // ---- the cases -----------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> truncatingTheNewestDataSegmentAtEveryEntryBoundary() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Long> cuts = new ArrayList<>(List.of(0L, 8L));
        model.inSegment(8).stream().map(EntryModel.Entry::offset).filter(o -> o > 8).forEach(cuts::add);
        for (long cut : cuts) {
            tests.add(DynamicTest.dynamicTest("segment 8 cut at " + cut, () -> runCase("truncate seg 8 at boundary " + cut,
                    repo -> RepoFiles.truncate(segment(repo, 8), cut),
                    e -> !(e.segment() == 8 && e.end() > cut), TID,
                    report -> {
                        if (cut == 0) {
                            expectSegmentProblem(report, 8, 0);
                        } else {
                            expectChangedIdsNamed(report, e -> !(e.segment() == 8 && e.end() > cut));
                        }
                    })));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> truncatingTheNewestSegmentTheCommit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long cut : new long[] {0, 8, 12}) {
            tests.add(DynamicTest.dynamicTest("segment 9 cut at " + cut, () -> runCase("truncate seg 9 (commit) at " + cut,
                    repo -> RepoFiles.truncate(segment(repo, 9), cut),
                    e -> true, 7,
                    report -> {
                        if (cut == 8) {
                            expectProblem(report, ProblemKind.MISSING_COMMIT, 9);
                        } else {
                            expectSegmentProblem(report, 9, cut == 0 ? 0 : 8);
                        }
                    })));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> truncatingTheNewestDataSegmentAtRandomOffsets() {
        Random random = new Random(11);
        List<DynamicTest> tests = new ArrayList<>();
        long size = RepoFiles.size(segment(base, 8));
        for (int i = 0; i < 4; i++) {
            long cut = 9 + random.nextInt((int) size - 10);
            EntryModel.Entry torn = entryAt(8, cut);
            tests.add(DynamicTest.dynamicTest("segment 8 cut at " + cut, () -> runCase("truncate seg 8 at " + cut,
                    repo -> RepoFiles.truncate(segment(repo, 8), cut),
                    e -> !(e.segment() == 8 && e.end() > cut), TID,
                    report -> {
                        if (torn.offset() == cut) {
                            expectChangedIdsNamed(report, e -> !(e.segment() == 8 && e.end() > cut));
                        } else {
                            expectSegmentProblem(report, 8, torn.offset());
                        }
                    })));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> singleBitFlips() {
        Random random = new Random(5);
        List<DynamicTest> tests = new ArrayList<>();
        long[][] spots = new long[8][];
        long size8 = RepoFiles.size(segment(base, 8));
        long size4 = RepoFiles.size(segment(base, 4));
        for (int i = 0; i < 6; i++) {
            spots[i] = new long[] {8, random.nextInt((int) size8), random.nextInt(8)};
        }
        spots[6] = new long[] {4, random.nextInt((int) size4), random.nextInt(8)};
        spots[7] = new long[] {8, 3, 1}; // inside the magic
        for (long[] spot : spots) {
            long segment = spot[0];
            long position = spot[1];
            int bit = (int) spot[2];
            EntryModel.Entry hit = position < SegmentEntry.MAGIC_SIZE ? null : entryAt(segment, position);
            Predicate<EntryModel.Entry> survives = e -> hit == null || !e.equals(hit);
            tests.add(DynamicTest.dynamicTest("bit " + bit + " of byte " + position + " in segment " + segment,
                    () -> runCase("flip bit " + bit + " @" + position + " seg " + segment,
                            repo -> RepoFiles.flipBit(segment(repo, segment), position, bit),
                            survives, TID,
                            report -> expectSegmentProblem(report, segment, hit == null ? 0 : hit.offset()))));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> otherDamage() {
        long size4 = RepoFiles.size(segment(base, 4));
        long page = (size4 / 2) / 4096 * 4096;
        EntryModel.Entry firstZeroed = entryAt(4, page);
        return List.of(
                DynamicTest.dynamicTest("zeroed 4 KiB page", () -> runCase("zero 4 KiB page @" + page + " seg 4",
                        repo -> RepoFiles.zero(segment(repo, 4), page, 4096),
                        e -> !(e.segment() == 4 && e.offset() < page + 4096 && e.end() > page), TID,
                        report -> expectSegmentProblem(report, 4, firstZeroed.offset()))),
                DynamicTest.dynamicTest("wrong magic", () -> runCase("wrong magic seg 4",
                        repo -> RepoFiles.overwrite(segment(repo, 4), 0, "ATTICSEG".getBytes(StandardCharsets.US_ASCII)),
                        e -> true, TID,
                        report -> expectProblem(report, ProblemKind.BAD_MAGIC, 4, 0))),
                DynamicTest.dynamicTest("segment deleted from the middle", () -> runCase("delete seg 4",
                        repo -> RepoFiles.delete(segment(repo, 4)),
                        e -> e.segment() != 4, TID,
                        report -> {
                            expectProblem(report, ProblemKind.SEGMENT_MISSING, 4);
                            expectProblem(report, ProblemKind.INDEX_COUNT_MISMATCH, -1);
                        })),
                DynamicTest.dynamicTest("missing commit tag", () -> runCase("no commit tag at all (1,3,5,7,9 -> magic only)",
                        repo -> {
                            for (long s : new long[] {1, 3, 5, 7, 9}) {
                                RepoFiles.truncate(segment(repo, s), SegmentEntry.MAGIC_SIZE);
                            }
                        },
                        e -> true, TID,
                        report -> expectProblem(report, ProblemKind.MISSING_COMMIT, 9))),
                DynamicTest.dynamicTest("missing index", () -> runCase("index.9 deleted",
                        repo -> RepoFiles.delete(repo.resolve("index.9")), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.INDEX_MISSING, -1))),
                DynamicTest.dynamicTest("damaged index", () -> runCase("index.9 byte 20000 flipped",
                        repo -> RepoFiles.flipBit(repo.resolve("index.9"), 20000, 0), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.INTEGRITY_MISMATCH, -1))),
                DynamicTest.dynamicTest("truncated index", () -> runCase("index.9 truncated to 1000 bytes",
                        repo -> RepoFiles.truncate(repo.resolve("index.9"), 1000), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.INDEX_CORRUPT, -1))),
                DynamicTest.dynamicTest("missing hints", () -> runCase("hints.9 deleted",
                        repo -> RepoFiles.delete(repo.resolve("hints.9")), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.HINTS_MISSING, -1))),
                DynamicTest.dynamicTest("damaged hints", () -> runCase("hints.9 byte 30 flipped",
                        repo -> RepoFiles.flipBit(repo.resolve("hints.9"), 30, 2), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.INTEGRITY_MISMATCH, -1))),
                DynamicTest.dynamicTest("missing integrity", () -> runCase("integrity.9 deleted",
                        repo -> RepoFiles.delete(repo.resolve("integrity.9")), e -> true, TID,
                        report -> expectProblem(report, ProblemKind.INTEGRITY_MISSING, -1))),
                DynamicTest.dynamicTest("damaged integrity", () -> runCase("integrity.9 byte 60 flipped",
                        repo -> RepoFiles.flipBit(repo.resolve("integrity.9"), 60, 3), e -> true, TID,
                        report -> assertTrue(report.problems().stream().anyMatch(p -> p.kind().startsWith("integrity-")),
                                report.problems().toString()))));
    }

    // ---- one case ------------------------------------------------------------------------------------

    private static void runCase(String name, Consumer<Path> damage, Predicate<EntryModel.Entry> survives,
                                long lastCommitKept, Consumer<CheckReport> expectation) throws IOException {
        Path repo = RepoFiles.copy(base, work.resolve("case-" + name.replaceAll("[^A-Za-z0-9]+", "_")));
        damage.accept(repo);
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        Map<String, String> damaged = RepoFiles.snapshot(repo);

        CheckReport check = new RepositoryCheck(repo, config, 2).check(null, TID, ProgressListener.NONE, Cancellation.NEVER);
        assertFalse(check.clean(), name + ": check found nothing");
        assertFalse(check.repair());
        expectation.accept(check);
        assertEquals(damaged, RepoFiles.snapshot(repo), name + ": check changed the repository");

        CheckReport repair = new RepositoryCheck(repo, config, 2).repair(ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(repair.repaired(), name + ": " + repair);
        assertFalse(repair.problems().isEmpty(), name + ": repair found nothing");
        assertTrue(repair.problems().stream().allMatch(CheckProblem::repaired), repair.problems().toString());

        CheckReport after = new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(after.clean(), name + ": not clean after repair: " + after.problems());

        Borg.Run judge = borg.checkRepositoryOnly(repo);
        assertTrue(judge.silentSuccess(), name + ": borg check after repair: rc " + judge.exitCode() + " " + judge.output());

        Map<String, byte[]> expected = model.replay(lastCommitKept, survives);
        Map<String, String> actual = library.get(repo, model.ids());
        for (String id : model.ids()) {
            String want = expected.containsKey(id) ? BorgLibrary.sha256(expected.get(id)) : "missing";
            assertEquals(want, actual.get(id), name + ": object " + id);
        }
        assertEquals(expected.size(), after.objects(), name + ": objects after repair");
        if (cliSpotChecks++ < 4) {
            // the same answers through borg's CLI, for one kept and one lost object
            String kept = expected.keySet().iterator().next();
            assertArrayEquals(expected.get(kept), borg.getObject(repo, HexFormat.of().parseHex(kept)), name + ": get-obj " + kept);
            model.ids().stream().filter(id -> !expected.containsKey(id)).findFirst()
                    .ifPresent(gone -> assertNull(borg.getObject(repo, HexFormat.of().parseHex(gone)), name + ": get-obj " + gone));
        }
        TABLE.add(String.format("%-44s | check: %s | repair: %d problems mended, %d objects kept, borg check silent",
                name, summary(check), repair.problems().size(), after.objects()));
    }

    // ---- expectations --------------------------------------------------------------------------------

    private static void expectSegmentProblem(CheckReport report, long segment, long offset) {
        assertTrue(report.problems().stream().anyMatch(p -> SEGMENT_KINDS.contains(p.kind()) && p.segment() == segment
                && p.offset() == offset), "expected a segment problem at " + segment + ":" + offset + " in "
                + report.problems());
    }

    private static void expectProblem(CheckReport report, String kind, long segment) {
        assertTrue(report.problems().stream().anyMatch(p -> p.kind().equals(kind) && p.segment() == segment),
                "expected " + kind + " at segment " + segment + " in " + report.problems());
    }

    private static void expectProblem(CheckReport report, String kind, long segment, long offset) {
        assertTrue(report.problems().stream().anyMatch(p -> p.kind().equals(kind) && p.segment() == segment
                && p.offset() == offset), "expected " + kind + " at " + segment + ":" + offset + " in " + report.problems());
    }

    /** Entries cut off cleanly leave a valid file: the check must name every id whose object changed. */
    private static void expectChangedIdsNamed(CheckReport report, Predicate<EntryModel.Entry> survives) {
        Map<String, byte[]> intact = model.replay(TID, e -> true);
        Map<String, byte[]> left = model.replay(TID, survives);
        Set<String> changed = model.ids().stream().filter(id -> intact.get(id) != left.get(id)).collect(Collectors.toSet());
        assertFalse(changed.isEmpty(), "the cut changed no object");
        for (String id : changed) {
            assertTrue(report.problems().stream().anyMatch(p -> p.kind().equals(ProblemKind.INDEX_ENTRY_MISMATCH)
                    && p.message().contains(id)), "expected an index-entry-mismatch naming " + id + " in " + report.problems());
        }
    }

    private static String summary(CheckReport report) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> firsts = new ArrayList<>();
        for (CheckProblem p : report.problems()) {
            if (counts.merge(p.kind(), 1L, Long::sum) == 1) {
                firsts.add(p.kind() + (p.segment() >= 0 ? "@" + p.segment() + (p.offset() >= 0 ? ":" + p.offset() : "") : ""));
            }
        }
        return firsts.stream().map(f -> {
            long n = counts.get(f.split("@")[0]);
            return n > 1 ? f + " (x" + n + ")" : f;
        }).collect(Collectors.joining(", "));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static EntryModel.Entry entryAt(long segment, long position) {
        return model.inSegment(segment).stream().filter(e -> e.offset() <= position && position < e.end()).findFirst()
                .orElseThrow(() -> new AssertionError("no entry of segment " + segment + " holds byte " + position));
    }

    private static Path segment(Path repo, long segment) {
        return new SegmentFiles(repo, segmentsPerDir).pathOf(segment);
    }

    private static byte[] id(Random random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] data = new byte[n];
        random.nextBytes(data);
        return data;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
