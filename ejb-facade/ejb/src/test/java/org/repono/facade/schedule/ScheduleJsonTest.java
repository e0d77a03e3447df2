package org.repono.facade.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.repono.facade.Refusal;
import org.repono.facade.ReponoProblem;
import org.repono.facade.ScheduleView;

class ScheduleJsonTest {

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    private static final String VALID = "{'check': {'enabled': true, 'intervalHours': 12},"
            + " 'compaction': {'enabled': false, 'threshold': 0.25, 'intervalHours': 48}}";

    @Test
    void aValidScheduleIsReadAndWrittenBackTheSame() {
        ScheduleView schedule = ScheduleJson.read(json(VALID));

        assertEquals(new ScheduleView(new ScheduleView.Check(true, 12),
                new ScheduleView.Compaction(false, 0.25, 48), null, null), schedule);
        assertEquals(schedule, ScheduleJson.read(ScheduleJson.write(schedule)));
    }

    @Test
    void theReadOnlyNextTimesAreIgnored() {
        ScheduleView schedule = ScheduleJson.read(json("{'check': {'enabled': false, 'intervalHours': 1},"
                + " 'compaction': {'enabled': true, 'threshold': 0, 'intervalHours': 8760},"
                + " 'nextCheck': null, 'nextCompaction': '2024-01-01T00:00:00Z'}"));

        assertEquals(8760, schedule.compaction().intervalHours());
        assertEquals(null, schedule.nextCompaction());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|the schedule",
        "{'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check' is required",
        "{'check': {'enabled': true, 'intervalHours': 1}}|'compaction' is required",
        "{'check': {'enabled': true}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check.intervalHours' is required",
        "{'check': {'enabled': 1, 'intervalHours': 1}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check.enabled' must be true or false",
        "{'check': {'enabled': true, 'intervalHours': 0}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check.intervalHours' must be a whole number",
        "{'check': {'enabled': true, 'intervalHours': 1.5}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check.intervalHours' must be a whole number",
        "{'check': {'enabled': true, 'intervalHours': 1}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 8761}}|'compaction.intervalHours' must be a whole number",
        "{'check': {'enabled': true, 'intervalHours': 1}, 'compaction': {'enabled': true, 'threshold': 1.5, 'intervalHours': 1}}|'compaction.threshold' must be a number from 0 to 1",
        "{'check': {'enabled': true, 'intervalHours': 1}, 'compaction': {'enabled': true, 'threshold': '0.1', 'intervalHours': 1}}|'compaction.threshold' must be a number from 0 to 1",
        "{'check': {'enabled': true, 'intervalHours': 1, 'repair': true}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|'check.repair' is unknown",
        "{'check': {'enabled': true, 'intervalHours': 1}, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}, 'extra': 1}|'extra' is unknown",
        "{'check': 3, 'compaction': {'enabled': true, 'threshold': 0.1, 'intervalHours': 1}}|field 'check' as a JSON object",
    })
    void aBadScheduleIsRefusedNamingTheField(String body, String expected) {
        ReponoProblem refused = assertThrows(ReponoProblem.class, () -> ScheduleJson.read(json(body)));

        assertEquals(Refusal.INVALID_REQUEST, refused.refusal());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
