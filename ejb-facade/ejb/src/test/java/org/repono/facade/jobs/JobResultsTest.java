package org.repono.facade.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.repono.api.CheckOutcome;
import org.repono.api.CheckProblemReport;
import org.repono.api.CompactionOutcome;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;

class JobResultsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final CheckProblemReport CRC = new CheckProblemReport("crc-mismatch", 4, 100, "bad crc", false);

    @Test
    void aCleanCheck() {
        JobResultView result = JobResults.ofCheck(new CheckOutcome(false, List.of(), 12, 1_200_000_000, 5, false,
                false, Duration.ofSeconds(3)));

        assertEquals(0, result.problemsFound());
        assertEquals(12, result.segmentsChecked());
        assertEquals("Checked 12 segments (1.2 GB): no problems found.", result.message());
        assertEquals("clean", JobResults.outcome(ended(JobKind.CHECK, JobState.SUCCEEDED, result)));
    }

    @Test
    void aCheckWithProblemsLeavesThemUnrepaired() {
        JobResultView result = JobResults.ofCheck(new CheckOutcome(false, List.of(CRC), 1, 999, 1, false, false,
                Duration.ZERO));

        assertEquals(1, result.problemsFound());
        assertEquals(0, result.problemsRepaired());
        assertEquals("crc-mismatch", result.problems().get(0).kind());
        assertEquals(4, result.problems().get(0).segment());
        assertEquals(100, result.problems().get(0).offset());
        assertEquals("Checked 1 segment (999 B): 1 problem found.", result.message());
        assertEquals("problems", JobResults.outcome(ended(JobKind.CHECK, JobState.SUCCEEDED, result)));
    }

    @Test
    void aRepairThatMendedEverything() {
        CheckProblemReport mended = new CheckProblemReport("crc-mismatch", 4, 100, "bad crc", true);
        JobResultView result = JobResults.ofCheck(new CheckOutcome(true, List.of(mended, mended), 3, 5000, 1, true,
                false, Duration.ZERO));

        assertEquals(2, result.problemsRepaired());
        assertEquals("Repaired 3 segments (5.0 kB): 2 problems found, 2 repaired.", result.message());
        assertEquals("repaired", JobResults.outcome(ended(JobKind.REPAIR, JobState.SUCCEEDED, result)));
    }

    @Test
    void failedAndCancelledChecksHaveNoVerdict() {
        JobResultView failure = JobResultView.failure("disk gone");

        assertEquals("failed", JobResults.outcome(ended(JobKind.CHECK, JobState.FAILED, failure)));
        assertEquals("cancelled", JobResults.outcome(ended(JobKind.CHECK, JobState.CANCELLED, failure)));
        assertEquals(true, JobResults.lastCheck(ended(JobKind.CHECK, JobState.FAILED, failure)).failed());
        assertEquals(false, JobResults.lastCheck(ended(JobKind.CHECK, JobState.CANCELLED, failure)).failed());
    }

    @Test
    void aCompaction() {
        JobResultView result = JobResults.ofCompaction(new CompactionOutcome(3, 40, 9_000_000, 4_000_000, false,
                Duration.ofSeconds(1)));

        assertEquals(5_000_000, result.bytesFreed());
        assertEquals(3, result.segmentsRewritten());
        assertEquals(40, result.objectsMoved());
        assertEquals(0, result.problemsFound());
        assertEquals("Rewrote 3 segments (40 objects moved): 5.0 MB freed.", result.message());
    }

    @Test
    void sizesForPeople() {
        assertEquals("0 B", JobResults.bytes(0));
        assertEquals("999 B", JobResults.bytes(999));
        assertEquals("1.0 kB", JobResults.bytes(1000));
        assertEquals("21.0 MB", JobResults.bytes(20_971_479));
        assertEquals("1.5 GB", JobResults.bytes(1_499_999_999));
    }

    private static JobView ended(JobKind kind, JobState state, JobResultView result) {
        Job job = Job.queued("j", "main", kind, null, "manual", "a", T0);
        job.start(T0);
        job.end(state, result, T0.plusSeconds(1));
        return job.view(T0.plusSeconds(2));
    }
}
