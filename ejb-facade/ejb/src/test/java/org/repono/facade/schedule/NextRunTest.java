package org.repono.facade.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
    void aCheckDueSoonIsNotPostponed() {
        assertEquals(SAVED.plus(DAY), NextRun.check(SAVED, null, DAY, SAVED.plus(DAY).minusSeconds(1)));
    }

    @Test
    void anOverdueCheckRunsAfterTheGrace() {
        Instant now = SAVED.plus(Duration.ofDays(10));

        assertEquals(now.plus(NextRun.GRACE), NextRun.check(SAVED, null, DAY, now));
    }

    @Test
    void compactionLooksHalfAnIntervalOffTheChecksGrid() {
        Duration half = DAY.dividedBy(2);

        assertEquals(SAVED.plus(half), NextRun.compaction(SAVED, DAY, SAVED));
        assertEquals(SAVED.plus(half).plus(DAY.multipliedBy(2)),
                NextRun.compaction(SAVED, DAY, SAVED.plus(Duration.ofHours(49))));
        assertEquals(SAVED.plus(half).plus(DAY), NextRun.compaction(SAVED, DAY, SAVED.plus(half)));
    }

    @Test
    void withEqualIntervalsTheChecksAndTheCompactionsNeverFallDueTogether() {
        Instant check = NextRun.check(SAVED, null, DAY, SAVED);
        for (int day = 0; day < 30; day++) {
            Instant now = SAVED.plus(DAY.multipliedBy(day));
            assertNotEquals(NextRun.check(SAVED, now, DAY, now), NextRun.compaction(SAVED, DAY, now));
        }
        assertEquals(SAVED.plus(DAY), check);
    }
}
