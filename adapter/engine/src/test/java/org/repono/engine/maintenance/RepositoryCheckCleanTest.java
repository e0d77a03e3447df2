package org.repono.engine.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.Fixtures;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.index.IndexFiles;

/** Repositories borg 1.2.4 wrote and finds clean are clean for this check too, whatever the thread count. */
class RepositoryCheckCleanTest {

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void borgFixtureIsClean(String name, @TempDir Path tmp) {
        Path repo = Fixtures.copyRepo(name, tmp.resolve("repo"));
        Map<String, Object> expected = Fixtures.expected(name);
        long tid = ((BigDecimal) expected.get("transaction_id")).longValue();
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        Map<String, String> before = RepoFiles.snapshot(repo);

        for (int threads : new int[] {1, 3}) {
            CheckReport given = new RepositoryCheck(repo, config, threads).check(null, tid, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(given.clean(), name + " with " + threads + " threads: " + given.problems());
            CheckReport worked = new RepositoryCheck(repo, config, threads).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(worked.clean(), name + " (tid worked out): " + worked.problems());
            assertEquals(((Map<?, ?>) expected.get("ids")).size(), given.objects(), name + " object count");
            assertEquals(((List<?>) expected.get("segments")).stream()
                    .filter(s -> ((BigDecimal) s).longValue() <= tid).count(), given.segmentsChecked());
        }
        CheckReport withIndex = new RepositoryCheck(repo, config, 2)
                .check(IndexFiles.readIndex(repo, tid).index(), tid, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(withIndex.clean(), name + " against a committed index: " + withIndex.problems());
        assertEquals(before, RepoFiles.snapshot(repo), "check must not change anything");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void repairOfACleanFixtureKeepsItClean(String name, @TempDir Path tmp) {
        Path repo = Fixtures.copyRepo(name, tmp.resolve("repo"));
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        if (config.appendOnly()) {
            return; // refused: RepositoryRepairSafetyTest
        }
        Map<String, String> before = RepoFiles.snapshot(repo);
        CheckReport report = new RepositoryCheck(repo, config, 2).repair(ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(report.repaired(), report.toString());
        assertFalse(report.cancelled());
        if (name.equals("g_uncommitted_tail")) {
            assertTrue(report.problems().stream().allMatch(p -> p.kind().equals(ProblemKind.UNCOMMITTED_SEGMENT) && p.repaired()),
                    report.problems().toString());
        } else {
            assertTrue(report.problems().isEmpty(), report.problems().toString());
            assertEquals(before, RepoFiles.snapshot(repo), "repair of a clean repository must change nothing");
        }
        CheckReport after = new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(after.clean(), after.problems().toString());
    }
}
