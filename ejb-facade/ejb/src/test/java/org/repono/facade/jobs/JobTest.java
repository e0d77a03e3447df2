package org.repono.facade.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;

class JobTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private static Job check() {
        return Job.queued("j1", "main", JobKind.CHECK, null, "manual", "alice", T0);
    }

    @Test
    void aQueuedJobHasNoStartNoEtaAndNoElapsedTime() {
        JobView view = check().view(T0.plusSeconds(30));

        assertEquals("queued", view.state());
        assertNull(view.started());
        assertNull(view.eta());
        assertNull(view.remainingSeconds());
        assertEquals(0, view.elapsedSeconds());
        assertEquals(0, view.progress());
        assertNull(view.threshold());
        assertTrue(view.active());
    }

    @Test
    void theEtaFollowsTheRateSoFar() {
        Job job = check();
        assertTrue(job.start(T0.plusSeconds(10)));
        job.progress(0.25, 250, 1000);

        JobView view = job.view(T0.plusSeconds(30));

        assertEquals("running", view.state());
        assertEquals(20, view.elapsedSeconds(), 1e-9);
        // a quarter in 20 s: three quarters left take 60 s
        assertEquals(60, view.remainingSeconds(), 1e-6);
        assertEquals(T0.plusSeconds(90), view.eta());
        assertEquals(250, view.bytesDone());
        assertEquals(1000, view.bytesTotal());
    }

    @Test
    void noEtaBeforeAnyMeasurableProgress() {
        Job job = check();
        job.start(T0);
        job.progress(0.001, 1, 1000);

        assertNull(job.view(T0.plusSeconds(5)).eta());
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnceAndItNeverStarts() {
        Job job = check();

        assertTrue(job.requestCancel(T0.plusSeconds(1)));

        JobView view = job.view(T0.plusSeconds(2));
        assertEquals("cancelled", view.state());
        assertTrue(view.cancelRequested());
        assertEquals(T0.plusSeconds(1), view.finished());
        assertTrue(job.cancellation().isCancelled());
        assertFalse(job.start(T0.plusSeconds(3)), "a cancelled job must not run");
    }

    @Test
    void cancellingARunningJobRaisesItsCancellationAndLeavesTheEndToTheWorker() {
        Job job = check();
        job.start(T0);

        assertTrue(job.requestCancel(T0.plusSeconds(1)));

        assertEquals("running", job.view(T0.plusSeconds(1)).state());
        assertTrue(job.cancellation().isCancelled());
        job.end(JobState.CANCELLED, JobResultView.failure("stopped"), T0.plusSeconds(2));
        assertEquals("cancelled", job.view(T0.plusSeconds(3)).state());
        assertFalse(job.requestCancel(T0.plusSeconds(4)), "an ended job cannot be cancelled");
    }

    @Test
    void aSucceededJobShowsFullProgressAndItsElapsedTimeStopsAtTheEnd() {
        Job job = check();
        job.start(T0);
        job.progress(0.5, 5, 10);
        job.end(JobState.SUCCEEDED, JobResultView.failure("done"), T0.plusSeconds(4));

        JobView view = job.view(T0.plusSeconds(100));

        assertEquals(1, view.progress());
        assertEquals(4, view.elapsedSeconds(), 1e-9);
        assertNull(view.eta());
        assertEquals("done", view.result().message());
    }

    @Test
    void theFirstEndCounts() {
        Job job = check();
        job.start(T0);
        job.end(JobState.FAILED, JobResultView.failure("broke"), T0.plusSeconds(1));
        job.end(JobState.SUCCEEDED, JobResultView.failure("late"), T0.plusSeconds(2));

        assertEquals("failed", job.view(T0.plusSeconds(3)).state());
        assertEquals("broke", job.view(T0.plusSeconds(3)).result().message());
    }

    @Test
    void aJobCannotEndAsRunning() {
        Job job = check();
        assertThrows(IllegalArgumentException.class,
                () -> job.end(JobState.RUNNING, JobResultView.failure("x"), T0));
    }

    @Test
    void onlyCompactionCarriesAThreshold() {
        Job compact = Job.queued("j2", "main", JobKind.COMPACT, 0.25, "schedule", null, T0);

        assertEquals(0.25, compact.view(T0).threshold());
        assertNull(compact.view(T0).requestedBy());
        assertEquals("schedule", compact.view(T0).trigger());
    }

    @Test
    void aRestoredJobShowsWhatItsRecordSays() {
        Job job = check();
        job.start(T0);
        job.end(JobState.SUCCEEDED, JobResultView.failure("ok"), T0.plusSeconds(3));
        JobView recorded = job.view(T0.plusSeconds(5));

        assertEquals(recorded, Job.restored(recorded).view(T0.plusSeconds(5)));
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Job job = Job.queued("j3", "main", JobKind.CHECK, null, "manual", "a", T0.plusNanos(1_234_567));

        assertEquals(T0.plusMillis(1), job.view(T0.plusSeconds(1)).created());
    }
}
