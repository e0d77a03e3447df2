package org.repono.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WildFly's /health/ready lists Repono's own readiness check (from the EAR's lib/), UP. Readiness is rightly DOWN
 * while the default repository still replays its log after deployment, so the test waits (bounded) for UP.
 */
class HealthIT extends DeployedEar {

    @Test
    void readinessShowsReponoUpWithItsDefaultRepository() throws Exception {
        HttpResponse<String> response = ServerUnderTest.get(ServerUnderTest.management("/health/ready"), null);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = ServerUnderTest.get(ServerUnderTest.management("/health/ready"), null);
        }

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = ServerUnderTest.json(response);
        assertEquals("UP", health.getString("status"), response.body());
        List<JsonObject> repono = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "repono".equals(check.getString("name")))
                .toList();
        assertEquals(1, repono.size(), "one check named repono in " + response.body());
        JsonObject check = repono.get(0);
        assertEquals("UP", check.getString("status"), response.body());
        assertEquals("default", check.getJsonObject("data").getString("defaultRepository"), response.body());
        assertEquals(ServerUnderTest.home().resolve("repositories").resolve("default").toString(),
                check.getJsonObject("data").getString("defaultRepositoryFolder"), response.body());
    }
}
