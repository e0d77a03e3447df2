package org.repono.facade.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextRunTest {

    private static final Instant SAVED = Instant.parse("2024-05-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void theFirstCheckComesAnIntervalAfterTheScheduleWasSaved() {
        assertEquals(SAVED.plus(DAY), NextRun.check(SAVED, null, DAY, SAVED.plusSeconds(5)));
    }

    @Test
    void aLaterCheckCountsFromTheNewestCheck() {
        Instant last = SAVED.plus(Duration.ofHours(30));

        assertEquals(last.plus(DAY), NextRun.check(SAVED, last, DAY, last.plusSeconds(60)));
    }

    @Test
    void aCheckOlderThanTheScheduleDoesNotCount() {
        assertEquals(SAVED.plus(DAY), NextRun.check(SAVED, SAVED.minusSeconds(3600), DAY, SAVED));
    }

    @Test
    void anOverdueCheckRunsAfterTheGrace() {
        Instant now = SAVED.plus(Duration.ofDays(10));

        assertEquals(now.plus(NextRun.GRACE), NextRun.check(SAVED, null, DAY, now));
    }

    @Test
    void compactionLooksOnTheGridOfTheSavedTime() {
        assertEquals(SAVED.plus(DAY), NextRun.compaction(SAVED, DAY, SAVED));
        assertEquals(SAVED.plus(DAY.multipliedBy(3)), NextRun.compaction(SAVED, DAY, SAVED.plus(Duration.ofHours(49))));
        assertEquals(SAVED.plus(DAY.multipliedBy(3)), NextRun.compaction(SAVED, DAY, SAVED.plus(DAY.multipliedBy(2))));
    }
}
