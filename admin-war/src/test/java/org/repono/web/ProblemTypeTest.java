package org.repono.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.repono.facade.Refusal;

class ProblemTypeTest {

    // | 400 | `urn:repono:problem:invalid-id` | Invalid object id |
    private static final Pattern ROW = Pattern.compile("^\\s*\\| (\\d{3}) \\| `(urn:repono:problem:[a-z-]+)` \\| (.+?) \\|\\s*$");

    @Test
    void theTypesAreExactlyTheContractsTableWithTheSameStatusesAndTitles() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("src/main/webapp/openapi.yaml"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(2), row.group(1) + " " + row.group(3));
            }
        }
        Map<String, String> implemented = new TreeMap<>();
        for (ProblemType type : ProblemType.values()) {
            implemented.put(type.uri(), type.status() + " " + type.title());
        }

        assertEquals(documented, implemented);
    }

    @Test
    void everyRefusalOfTheFacadeHasItsType() {
        for (Refusal refusal : Refusal.values()) {
            assertEquals(refusal.name(), ProblemType.of(refusal).name());
        }
    }

    @Test
    void aProblemBodyHasTheRfc9457FieldsAndA503SaysWhenToRetry() {
        JsonObject busy = new Problem(ProblemType.REPOSITORY_BUSY, "a repair runs", "/repono/api/x").json();

        assertEquals("urn:repono:problem:repository-busy", busy.getString("type"));
        assertEquals("Repository busy (repair running)", busy.getString("title"));
        assertEquals(503, busy.getInt("status"));
        assertEquals("a repair runs", busy.getString("detail"));
        assertEquals("/repono/api/x", busy.getString("instance"));
        assertEquals(ProblemType.RETRY_AFTER_SECONDS, busy.getInt("retryAfterSeconds"));

        JsonObject running = new Problem(ProblemType.JOB_RUNNING, "one at a time", "/p", "j-1").json();
        assertEquals("j-1", running.getString("jobId"));
        assertEquals(false, running.containsKey("retryAfterSeconds"));
    }
}
