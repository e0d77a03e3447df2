package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.repono.it.ServerUnderTest;

/**
 * MicroProfile Health: readiness per repository goes DOWN when its free disk space is under the configured
 * minimum or its last check left problems, and UP again once that is mended; liveness and startup report every
 * repository.
 */
class HealthApiIT extends RestApiTest {

    private static final long WAIT_MILLIS = 120_000;

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.ear();
    }

    private final Api admin = Api.as(ADMIN);

    @Test
    void startupWaitsForEveryRepositoryToOpenThenLivenessSeesThemWorking() throws Exception {
        JsonObject started = awaitCheck("/health/started", "repono-started", "UP");
        for (String repository : List.of("default", RestDeployment.SCRATCH, RestDeployment.DAMAGED)) {
            assertEquals("opened", started.getJsonObject("data").getString(repository), started.toString());
        }
        JsonObject live = check(health("/health/live"), "repono-live");
        assertEquals("UP", live.getString("status"), live.toString());
        assertEquals("working", live.getJsonObject("data").getString(RestDeployment.SCRATCH), live.toString());
    }

    @Test
    void readinessIsDownWhileARepositoryHasLessFreeDiskThanItsMinimum() throws Exception {
        awaitCheck("/health/started", "repono-started", "UP");
        Path settings = ServerUnderTest.home().resolve("health.properties");
        JsonObject ready = awaitCheck("/health/ready", "repono", "UP");
        long free = ready.getJsonObject("data").getJsonNumber(RestDeployment.SCRATCH + ".freeDiskBytes").longValue();
        assertTrue(free > 0, ready.toString());
        try {
            Files.writeString(settings, "minFreeDiskBytes." + RestDeployment.SCRATCH + "=" + Long.MAX_VALUE + "\n");

            Api.Reply down = health("/health/ready");
            assertEquals(503, down.status(), down.toString());
            JsonObject check = check(down, "repono");
            assertEquals("DOWN", check.getString("status"));
            JsonObject data = check.getJsonObject("data");
            assertEquals("DOWN", data.getString(RestDeployment.SCRATCH + ".status"), data.toString());
            assertEquals(Long.MAX_VALUE, data.getJsonNumber(RestDeployment.SCRATCH + ".minFreeDiskBytes").longValue());
            assertTrue(data.getString(RestDeployment.SCRATCH + ".reason").contains("free disk space"), data.toString());
            assertEquals("UP", data.getString("default.status"), "only that repository: " + data);
        } finally {
            Files.deleteIfExists(settings);
        }
        assertEquals("UP", check(health("/health/ready"), "repono").getString("status"));
    }

    @Test
    void readinessIsDownAfterACheckFindsDamageAndUpAgainOnceARepairMendedIt() throws Exception {
        String damaged = RestDeployment.DAMAGED;
        awaitCheck("/health/started", "repono-started", "UP");

        JsonObject check = Jobs.awaitEnd(admin, damaged, Jobs.start(admin, damaged, "{'kind': 'check'}").getString("id"));
        assertEquals("succeeded", check.getString("state"), check.toString());
        JsonObject found = check.getJsonObject("result");
        assertTrue(found.getInt("problemsFound") > 0, check.toString());
        assertTrue(found.getJsonArray("problems").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> p.getString("kind").contains("crc") && p.getJsonNumber("segment").longValue() >= 0),
                check.toString());

        Api.Reply down = health("/health/ready");
        assertEquals(503, down.status(), down.toString());
        JsonObject data = check(down, "repono").getJsonObject("data");
        assertEquals("DOWN", data.getString(damaged + ".status"), data.toString());
        assertEquals("problems", data.getString(damaged + ".lastCheck"), data.toString());
        JsonObject repository = admin.get("/repositories/" + damaged).json();
        assertEquals("error", repository.getString("health"), repository.toString());
        assertEquals("problems", repository.getJsonObject("lastCheck").getString("outcome"));

        JsonObject repair = Jobs.awaitEnd(admin, damaged, Jobs.start(admin, damaged, "{'kind': 'repair'}").getString("id"));
        assertEquals("succeeded", repair.getString("state"), repair.toString());
        JsonObject mended = repair.getJsonObject("result");
        assertTrue(mended.getInt("problemsFound") > 0, repair.toString());
        assertEquals(mended.getInt("problemsFound"), mended.getInt("problemsRepaired"), repair.toString());

        JsonObject up = check(health("/health/ready"), "repono");
        assertEquals("UP", up.getJsonObject("data").getString(damaged + ".status"), up.toString());
        assertEquals("repaired", up.getJsonObject("data").getString(damaged + ".lastCheck"));
        JsonObject clean = Jobs.awaitEnd(admin, damaged, Jobs.start(admin, damaged, "{'kind': 'check'}").getString("id"));
        assertEquals(0, clean.getJsonObject("result").getInt("problemsFound"), clean.toString());
        assertEquals("ok", admin.get("/repositories/" + damaged).json().getString("health"));
    }

    static Api.Reply health(String path) throws Exception {
        return Api.anonymous().get(ServerUnderTest.management(path).toString());
    }

    static JsonObject check(Api.Reply reply, String name) {
        return reply.array("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> name.equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + reply));
    }

    /** Polls until the check has the status; startup is asynchronous (repositories open in the background). */
    static JsonObject awaitCheck(String path, String name, String status) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            JsonObject check = check(health(path), name);
            if (status.equals(check.getString("status"))) {
                return check;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(name + " is not " + status + ": " + check);
            }
            Thread.sleep(250);
        }
    }
}
