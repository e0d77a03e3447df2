package org.repono.facade.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.repono.api.MaintenanceProgress;

class SlowJobsTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @AfterEach
    void clear() {
        System.clearProperty(SlowJobs.PROPERTY);
    }

    private static Job check(String repository) {
        Job job = Job.queued("j1", repository, JobKind.CHECK, null, "manual", "alice", T0);
        job.start(T0);
        return job;
    }

    @Test
    void withoutThePropertyTheSwitchIsOffAndJobsReportStraightToThemselves() {
        SlowJobs off = SlowJobs.fromSystemProperty();

        assertFalse(off.on());
        Job job = check("main");
        assertSame(job, off.progressOf(job));
    }

    @Test
    void onlyTheNamedRepositoriesJobsPauseAfterEachReport() {
        System.setProperty(SlowJobs.PROPERTY, " ui-slow , other,");
        SlowJobs on = SlowJobs.fromSystemProperty();
        assertTrue(on.on());
        assertEquals(Set.of("ui-slow", "other"), on.repositories());
        Job elsewhere = check("main");
        assertSame(elsewhere, on.progressOf(elsewhere));

        Job slowed = check("ui-slow");
        MaintenanceProgress progress = on.progressOf(slowed);
        assertNotSame(slowed, progress);
        long started = System.nanoTime();
        progress.progress(0.5, 500, 1000);
        long pausedMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(pausedMillis >= SlowJobs.PAUSE_MILLIS, "paused " + pausedMillis + " ms");
        assertEquals(0.5, slowed.view(T0.plusSeconds(1)).progress(), "the report reached the job");
    }
}
