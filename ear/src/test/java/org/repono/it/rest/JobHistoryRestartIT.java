package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.repono.it.ServerUnderTest;

/**
 * A check and a compaction started through the API run to completion while another client keeps writing; then the
 * server is stopped (its JVM ends) and started again, and the job history and the last check are as they were. Runs
 * in failsafe's rar-crash-recovery execution (arquillian-crash.xml: a manual container the test stops and starts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "arquillian.xml", matches = "arquillian-crash\\.xml",
        disabledReason = "runs in failsafe's rar-crash-recovery execution, which selects arquillian-crash.xml")
class JobHistoryRestartIT extends RestApiTest {

    private static final String CONTAINER = "wildfly-crash";
    private static final String DEPLOYMENT = "rest-restart";
    private static final String SCRATCH = RestDeployment.SCRATCH;

    @ArquillianResource
    ContainerController controller;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static EnterpriseArchive ear() {
        return RestDeployment.ear();
    }

    private static boolean deployed;

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    private void running() {
        if (!controller.isStarted(CONTAINER)) {
            controller.start(CONTAINER);
        }
        if (!deployed) {
            deployer.deploy(DEPLOYMENT);
            deployed = true;
        }
    }

    @Test
    @Order(1)
    void checkAndCompactionRunWhileAnotherClientWritesAndTheirResultsOutliveAServerRestart() throws Exception {
        running();
        String objects = "/repositories/" + SCRATCH + "/objects/";
        Map<String, byte[]> kept = new ConcurrentHashMap<>();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = ObjectsApiIT.randomId();
            byte[] data = ObjectsApiIT.random(64 * 1024);
            assertEquals(201, admin.putBytes(objects + id, data).status());
            if (i % 2 == 0) {
                kept.put(id, data);
            } else {
                deleted.add(id);
            }
        }
        for (String id : deleted) {
            assertEquals(204, admin.delete(objects + id).status());
        }

        Writer writer = new Writer(Api.as(ADMIN), objects);
        writer.start();
        writer.awaitWrites(5);
        JsonObject check = Jobs.start(admin, SCRATCH, "{'kind': 'check'}");
        assertTrue(List.of("queued", "running").contains(check.getString("state")), check.toString());
        JsonObject checked = Jobs.awaitEnd(viewer, SCRATCH, check.getString("id"));
        writer.awaitWrites(writer.count() + 5);
        JsonObject compact = Jobs.start(admin, SCRATCH, "{'kind': 'compact', 'threshold': 0.1}");
        JsonObject compacted = Jobs.awaitEnd(viewer, SCRATCH, compact.getString("id"));
        writer.awaitWrites(writer.count() + 5);
        writer.stop();

        assertEquals("succeeded", checked.getString("state"), checked.toString());
        assertEquals("check", checked.getString("kind"));
        assertEquals("manual", checked.getString("trigger"));
        assertEquals("admin", checked.getString("requestedBy"));
        assertEquals(JsonValue.NULL, checked.get("threshold"));
        assertEquals(1.0, checked.getJsonNumber("progress").doubleValue());
        assertTrue(checked.getJsonNumber("bytesTotal").longValue() > 0, checked.toString());
        assertNotNull(Instant.parse(checked.getString("started")));
        assertFalse(Instant.parse(checked.getString("finished")).isBefore(Instant.parse(checked.getString("started"))));
        assertEquals(JsonValue.NULL, checked.get("eta"));
        JsonObject checkResult = checked.getJsonObject("result");
        assertEquals(0, checkResult.getInt("problemsFound"), checked.toString());
        assertTrue(checkResult.getJsonNumber("segmentsChecked").longValue() > 0, checked.toString());
        assertEquals(List.of(), checkResult.getJsonArray("problems"));

        assertEquals("succeeded", compacted.getString("state"), compacted.toString());
        assertEquals(0.1, compacted.getJsonNumber("threshold").doubleValue(), 1e-9);
        JsonObject compactResult = compacted.getJsonObject("result");
        assertTrue(compactResult.getJsonNumber("bytesFreed").longValue() > 0, compacted.toString());
        assertTrue(compactResult.getInt("segmentsRewritten") > 0, compacted.toString());

        assertEquals(List.of(), writer.failures, "the writer's calls all succeeded");
        kept.putAll(writer.written);
        for (Map.Entry<String, byte[]> object : kept.entrySet()) {
            assertArrayEquals(object.getValue(), viewer.get(objects + object.getKey()).body(), object.getKey());
        }
        for (String id : deleted) {
            assertEquals(404, viewer.head(objects + id).status(), id);
        }
        JsonObject recheck = Jobs.awaitEnd(viewer, SCRATCH, Jobs.start(admin, SCRATCH, "{'kind': 'check'}")
                .getString("id"));
        assertEquals(0, recheck.getJsonObject("result").getInt("problemsFound"), recheck.toString());

        ProcessHandle before = ServerUnderTest.process();
        controller.stop(CONTAINER); // a graceful stop: the JVM exits
        assertFalse(before.onExit().get(60, TimeUnit.SECONDS).isAlive(), "the server's JVM has ended");
        controller.start(CONTAINER); // a new JVM; the EAR comes back from the server's deployment record
        ProcessHandle after = ServerUnderTest.process();
        assertNotEquals(before.pid(), after.pid(), "a new server process");
        ServerControl.awaitApi();

        List<JsonObject> history = viewer.get("/repositories/" + SCRATCH + "/jobs").array("jobs")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of(recheck, compacted, checked), history.subList(0, 3), "the history as it was");
        JsonObject lastCheck = viewer.get("/repositories/" + SCRATCH).json().getJsonObject("lastCheck");
        assertEquals(recheck.getString("id"), lastCheck.getString("jobId"));
        assertEquals("clean", lastCheck.getString("outcome"));
        assertEquals(recheck.getString("finished"), lastCheck.getString("finished"));
        for (Map.Entry<String, byte[]> object : kept.entrySet()) {
            assertArrayEquals(object.getValue(), viewer.get(objects + object.getKey()).body(), "after the restart");
        }
    }

    /** The deployment leaves the server's record (or the next build's first deployment would clash with it). */
    @Test
    @Order(2)
    void undeployedAndStopped() {
        running();
        deployer.undeploy(DEPLOYMENT);
        deployed = false;
        controller.stop(CONTAINER);
        assertFalse(controller.isStarted(CONTAINER));
    }
}
