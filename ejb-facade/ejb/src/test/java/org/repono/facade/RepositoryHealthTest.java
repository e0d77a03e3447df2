package org.repono.facade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryHealthTest {

    private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");
    private static final ScheduleView OFF = ScheduleView.defaults();
    private static final ScheduleView DAILY = new ScheduleView(new ScheduleView.Check(true, 24),
            new ScheduleView.Compaction(false, 0.1, 168), null, null);

    private static LastCheckView check(String outcome, Duration ago) {
        return new LastCheckView("j1", "check", outcome, NOW.minus(ago));
    }

    @Test
    void aRecentCleanCheckIsOk() {
        RepositoryHealth health = RepositoryHealth.of(null, check("clean", Duration.ofHours(1)), DAILY, null, NOW);

        assertEquals(new RepositoryHealth("ok", List.of()), health);
    }

    @Test
    void aRepairedRepositoryIsOk() {
        assertEquals("ok", RepositoryHealth.of(null, check("repaired", Duration.ofHours(1)), OFF, null, NOW).health());
    }

    @Test
    void neverCheckedIsAWarning() {
        RepositoryHealth health = RepositoryHealth.of(null, null, OFF, null, NOW);

        assertEquals("warning", health.health());
        assertEquals(List.of("No check has finished yet."), health.reasons());
    }

    @Test
    void anOverdueScheduledCheckIsAWarningButOnlyWhenChecksAreScheduled() {
        LastCheckView old = check("clean", Duration.ofHours(25));

        assertEquals("warning", RepositoryHealth.of(null, old, DAILY, null, NOW).health());
        assertTrue(RepositoryHealth.of(null, old, DAILY, null, NOW).reasons().get(0).contains("overdue"));
        assertEquals("ok", RepositoryHealth.of(null, old, OFF, null, NOW).health());
    }

    @Test
    void aCancelledCheckIsAWarning() {
        assertEquals("warning", RepositoryHealth.of(null, check("cancelled", Duration.ZERO), OFF, null, NOW).health());
    }

    @Test
    void anOldPreparedBranchIsAWarningAYoungOneIsNot() {
        LastCheckView clean = check("clean", Duration.ZERO);

        assertEquals("warning", RepositoryHealth.of(null, clean, OFF, NOW.minus(Duration.ofMinutes(61)), NOW).health());
        assertEquals("ok", RepositoryHealth.of(null, clean, OFF, NOW.minus(Duration.ofMinutes(59)), NOW).health());
    }

    @Test
    void unrepairedProblemsAFailedCheckOrAnUnavailableRepositoryAreErrors() {
        assertEquals("error", RepositoryHealth.of(null, check("problems", Duration.ZERO), OFF, null, NOW).health());
        assertEquals("error", RepositoryHealth.of(null, check("failed", Duration.ZERO), OFF, null, NOW).health());
        RepositoryHealth unavailable = RepositoryHealth.of("locked by borg", null, OFF, null, NOW);
        assertEquals("error", unavailable.health());
        assertEquals(List.of("The repository is unavailable: locked by borg", "No check has finished yet."),
                unavailable.reasons());
    }
}
