package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Liveness DOWN for real: the segment folder of a repository the server has open is taken away under it, so the
 * next commit cannot write its log; the resource adapter puts the repository into its failed state (it takes no
 * work until the adapter restarts) and /health/live says DOWN, naming it. Its own deployment: the failed state
 * lasts until this EAR is undeployed.
 */
class LivenessApiIT extends RestApiTest {

    private static final String FAILING = RestDeployment.FAILING;

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.withFailingRepository();
    }

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    private static Path data() {
        return RestDeployment.folder(FAILING).resolve("data");
    }

    private static Path takenAway() {
        return RestDeployment.folder(FAILING).resolveSibling(FAILING + "-data-taken-away");
    }

    @Test
    void aRepositoryWhoseLogCannotBeWrittenFailsAndLivenessIsDownNamingIt() throws Exception {
        HealthApiIT.awaitCheck("/health/started", "repono-started", "UP");
        JsonObject live = HealthApiIT.awaitCheck("/health/live", "repono-live", "UP");
        assertEquals("working", live.getJsonObject("data").getString(FAILING), live.toString());
        String objects = "/repositories/" + FAILING + "/objects";
        assertEquals(201, admin.postBytes(objects, ObjectsApiIT.random(1000)).status());

        Files.move(data(), takenAway());
        Api.Reply commit = admin.postBytes(objects, ObjectsApiIT.random(1000));

        ObjectsApiIT.assertProblem(commit, 503, "repository-unavailable");
        Api.Reply down = HealthApiIT.health("/health/live");
        assertEquals(503, down.status(), down.toString());
        JsonObject check = HealthApiIT.check(down, "repono-live");
        assertEquals("DOWN", check.getString("status"), check.toString());
        String failed = check.getJsonObject("data").getString(FAILING);
        assertTrue(failed.startsWith("failed: ") && failed.contains("repository '" + FAILING + "'")
                && failed.contains("restarts"), failed);
        assertEquals("working", check.getJsonObject("data").getString("default"), "only that one: " + check);

        JsonObject ready = HealthApiIT.check(HealthApiIT.health("/health/ready"), "repono");
        assertEquals("DOWN", ready.getString("status"), ready.toString());
        assertEquals("DOWN", ready.getJsonObject("data").getString(FAILING + ".status"), ready.toString());
        assertEquals("UP", ready.getJsonObject("data").getString("default.status"), ready.toString());

        // the fault going away does not bring it back: only a restart reopens it from what is on disk
        Files.move(takenAway(), data());
        Api.Reply stillFailed = viewer.get(objects);
        ObjectsApiIT.assertProblem(stillFailed, 503, "repository-unavailable");
        assertTrue(stillFailed.header("Retry-After").isPresent(), stillFailed.toString());
        assertEquals("DOWN", HealthApiIT.check(HealthApiIT.health("/health/live"), "repono-live").getString("status"));
        JsonObject listed = viewer.get("/repositories/" + FAILING).json();
        assertEquals("error", listed.getString("health"), listed.toString());
    }

    @AfterAll
    static void dataBack() throws Exception {
        if (Files.exists(takenAway()) && !Files.exists(data())) {
            Files.move(takenAway(), data());
        }
        assertFalse(Files.exists(takenAway()));
    }
}
