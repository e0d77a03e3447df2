package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Maintenance jobs through the API: one job at a time; cancellation; append-only refusals; history; the schedule;
 * bad requests. A check and a compaction while another client writes, and their history across a real server
 * restart: {@link JobHistoryRestartIT}.
 */
class JobsApiIT extends RestApiTest {

    private static final String SCRATCH = RestDeployment.SCRATCH;

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.ear();
    }

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    @Test
    void oneJobAtATimePerRepository() throws Exception {
        String repository = RestDeployment.APPEND_ONLY;
        for (int i = 0; i < 40; i++) {
            admin.postBytes("/repositories/" + repository + "/objects", ObjectsApiIT.random(512 * 1024));
        }
        boolean refused = false;
        for (int attempt = 0; attempt < 10 && !refused; attempt++) {
            JsonObject first = Jobs.start(admin, repository, "{'kind': 'check'}");
            Api.Reply second = admin.postJson("/repositories/" + repository + "/jobs", "{'kind': 'check'}");
            if (second.status() == 409) {
                refused = true;
                assertEquals("job-running", second.problem());
                assertEquals(first.getString("id"), second.json().getString("jobId"));
                Jobs.awaitEnd(viewer, repository, first.getString("id"));
            } else {
                // the first had ended already: then the second may run, never both at once
                assertEquals(202, second.status(), second.toString());
                JsonObject firstEnded = Jobs.awaitEnd(viewer, repository, first.getString("id"));
                assertFalse(Instant.parse(firstEnded.getString("finished"))
                        .isAfter(Instant.parse(second.json().getString("created"))), firstEnded + " / " + second);
                Jobs.awaitEnd(viewer, repository, second.json().getString("id"));
            }
        }
        assertTrue(refused, "a second job while one is active gets 409");
    }

    @Test
    void aJobIsCancelledOnceAndThenItHasFinished() throws Exception {
        String repository = RestDeployment.APPEND_ONLY;
        for (int i = 0; i < 20; i++) {
            admin.postBytes("/repositories/" + repository + "/objects", ObjectsApiIT.random(1024 * 1024));
        }
        JsonObject job = null;
        String path = null;
        Api.Reply cancel = null;
        // a check may end before the cancel reaches it (409 job-finished): then another one
        for (int attempt = 0; attempt < 10 && (cancel == null || cancel.status() == 409); attempt++) {
            if (job != null) {
                assertEquals("job-finished", cancel.problem(), cancel.toString());
            }
            job = Jobs.start(admin, repository, "{'kind': 'check'}");
            path = "/repositories/" + repository + "/jobs/" + job.getString("id");
            cancel = admin.delete(path);
        }

        assertEquals(202, cancel.status(), cancel.toString());
        JsonObject asked = cancel.json();
        assertTrue(asked.getBoolean("cancelRequested") || !"running".equals(asked.getString("state")), asked.toString());
        JsonObject ended = Jobs.awaitEnd(viewer, repository, job.getString("id"));
        assertTrue(List.of("cancelled", "succeeded").contains(ended.getString("state")), ended.toString());
        assertNotNull(ended.get("result"), ended.toString());
        assertEquals(403, viewer.delete(path).status(), "a viewer may not cancel");
        Api.Reply again = admin.delete(path);
        assertEquals(409, again.status(), again.toString());
        assertEquals("job-finished", again.problem());
    }

    @Test
    void anAppendOnlyRepositoryRefusesRepairAndCompactionButIsChecked() throws Exception {
        String repository = RestDeployment.APPEND_ONLY;
        for (String kind : new String[] {"{'kind': 'repair'}", "{'kind': 'compact'}", "{'kind': 'compact', 'threshold': 0.5}"}) {
            Api.Reply refused = admin.postJson("/repositories/" + repository + "/jobs", kind);
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("append-only", refused.problem());
        }
        JsonObject check = Jobs.awaitEnd(viewer, repository, Jobs.start(admin, repository, "{'kind': 'check'}")
                .getString("id"));
        assertEquals("succeeded", check.getString("state"), check.toString());
    }

    @Test
    void historyNewestFirstWithALimit() throws Exception {
        String repository = RestDeployment.IN_DOUBT;
        JsonObject older = Jobs.awaitEnd(viewer, repository, Jobs.start(admin, repository, "{'kind': 'check'}")
                .getString("id"));
        JsonObject newer = Jobs.awaitEnd(viewer, repository, Jobs.start(admin, repository, "{'kind': 'check'}")
                .getString("id"));

        List<JsonObject> history = viewer.get("/repositories/" + repository + "/jobs").array("jobs")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of(newer.getString("id"), older.getString("id")),
                history.stream().map(j -> j.getString("id")).toList());
        assertEquals(1, viewer.get("/repositories/" + repository + "/jobs?limit=1").array("jobs").size());
        Api.Reply one = viewer.get("/repositories/" + repository + "/jobs/" + older.getString("id"));
        assertEquals(200, one.status(), one.toString());
        assertEquals(older, one.json());
    }

    @Test
    void theScheduleStartsChecksAndCompactionsOnItsTimers() throws Exception {
        String objects = "/repositories/" + SCRATCH + "/objects/";
        String doomed = ObjectsApiIT.randomId();
        admin.putBytes(objects + doomed, ObjectsApiIT.random(100_000));
        admin.delete(objects + doomed);
        String schedule = "/repositories/" + SCRATCH + "/schedule";
        // an hour of the schedule lasts 2 s here (a test-only server setting)
        ServerControl.systemProperty("repono.test.scheduleHourMillis", "2000");
        List<JsonObject> scheduled = new ArrayList<>();
        try {
            Api.Reply saved = admin.putJson(schedule, "{'check': {'enabled': true, 'intervalHours': 1},"
                    + " 'compaction': {'enabled': true, 'threshold': 0.0, 'intervalHours': 1}}");
            assertEquals(200, saved.status(), saved.toString());
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && !(has(scheduled, "check") && has(scheduled, "compact"))) {
                Thread.sleep(500);
                scheduled = viewer.get("/repositories/" + SCRATCH + "/jobs").array("jobs")
                        .getValuesAs(JsonObject.class).stream()
                        .filter(j -> "schedule".equals(j.getString("trigger"))).toList();
            }
        } finally {
            admin.putJson(schedule, "{'check': {'enabled': false, 'intervalHours': 24},"
                    + " 'compaction': {'enabled': false, 'threshold': 0.1, 'intervalHours': 168}}");
            ServerControl.systemProperty("repono.test.scheduleHourMillis", null);
        }
        assertTrue(has(scheduled, "check") && has(scheduled, "compact"), scheduled.toString());
        for (JsonObject job : scheduled) {
            assertEquals(JsonValue.NULL, job.get("requestedBy"), job.toString());
            JsonObject ended = Jobs.awaitEnd(viewer, SCRATCH, job.getString("id"));
            assertEquals("succeeded", ended.getString("state"), ended.toString());
        }
        JsonObject compaction = scheduled.stream().filter(j -> "compact".equals(j.getString("kind"))).findFirst()
                .orElseThrow();
        assertEquals(0.0, compaction.getJsonNumber("threshold").doubleValue());
        for (JsonObject job : viewer.get("/repositories/" + SCRATCH + "/jobs").array("jobs").getValuesAs(JsonObject.class)) {
            if (List.of("queued", "running").contains(job.getString("state"))) {
                Jobs.awaitEnd(viewer, SCRATCH, job.getString("id"));
            }
        }
    }

    private static boolean has(List<JsonObject> jobs, String kind) {
        return jobs.stream().anyMatch(j -> kind.equals(j.getString("kind")));
    }

    /**
     * A repair needs the repository to itself: while another client's upload holds a transaction open (its body
     * still arriving), a repair fails saying so, and the upload completes; once it has, the repair runs.
     */
    @Test
    void aRepairNeedsTheRepositoryToItselfAndSaysSo() throws Exception {
        String object = "/repositories/" + SCRATCH + "/objects/" + ObjectsApiIT.randomId();
        byte[] data = ObjectsApiIT.random(300_000);
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        // room for the whole body: writing never waits for the server (nor hangs when it is not there)
        java.io.PipedInputStream body = new java.io.PipedInputStream(feed, data.length);
        java.util.concurrent.CompletableFuture<Api.Reply> upload = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return admin.send("PUT", object, "application/octet-stream", java.net.http.HttpRequest.BodyPublishers
                        .fromPublisher(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> body), data.length));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonObject refused = null;
        try {
            feed.write(data, 0, 100_000);
            feed.flush();
            // the server begins the upload's transaction when the body starts to arrive: until then a repair may run
            Thread.sleep(500);
            for (int attempt = 0; attempt < 50 && refused == null; attempt++) {
                JsonObject repair = Jobs.awaitEnd(viewer, SCRATCH, Jobs.start(admin, SCRATCH, "{'kind': 'repair'}")
                        .getString("id"));
                if ("failed".equals(repair.getString("state"))) {
                    refused = repair;
                } else {
                    assertEquals("succeeded", repair.getString("state"), repair.toString());
                    Thread.sleep(200);
                }
            }
            assertFalse(upload.isDone(), () -> "the upload ended before its body was sent: " + upload.join());
            feed.write(data, 100_000, data.length - 100_000);
        } finally {
            feed.close();
        }
        assertNotNull(refused, "no repair was refused while the upload was open");
        assertTrue(refused.getJsonObject("result").getString("message").contains("repair needs the repository to itself"),
                refused.toString());
        Api.Reply uploaded = upload.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(201, uploaded.status(), uploaded.toString());
        assertArrayEquals(data, viewer.get(object).body());
        JsonObject repair = Jobs.awaitEnd(viewer, SCRATCH, Jobs.start(admin, SCRATCH, "{'kind': 'repair'}").getString("id"));
        assertEquals("succeeded", repair.getString("state"), repair.toString());
        assertArrayEquals(data, viewer.get(object).body(), "the repair kept it");
    }

    @Test
    void badJobRequestsAreRefusedNamingWhatIsWrong() throws Exception {
        String jobs = "/repositories/" + SCRATCH + "/jobs";
        String[][] cases = {
            {"{}", "kind"},
            {"{'kind': 'defrag'}", "kind"},
            {"{'kind': 3}", "kind"},
            {"{'kind': 'check', 'threshold': 0.2}", "threshold"},
            {"{'kind': 'compact', 'threshold': 1.5}", "threshold"},
            {"{'kind': 'compact', 'threshold': 'half'}", "threshold"},
            {"{'kind': 'check', 'force': true}", "force"},
            {"[1]", "object"},
            {"{'kind': ", "JSON"},
        };
        for (String[] bad : cases) {
            Api.Reply refused = admin.postJson(jobs, bad[0]);
            assertEquals(400, refused.status(), bad[0] + ": " + refused);
            assertEquals("invalid-request", refused.problem(), refused.toString());
            assertTrue(refused.json().getString("detail").contains(bad[1]), refused.toString());
        }
        Api.Reply wrongType = admin.send("POST", jobs, "text/plain",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\": \"check\"}"));
        assertEquals(415, wrongType.status(), wrongType.toString());
        for (String limit : new String[] {"0", "501", "x"}) {
            assertEquals(400, viewer.get(jobs + "?limit=" + limit).status(), limit);
        }
        assertEquals(403, viewer.postJson(jobs, "{'kind': 'check'}").status());
        Api.Reply unknownRepository = admin.postJson("/repositories/nope/jobs", "{'kind': 'check'}");
        assertEquals(404, unknownRepository.status(), unknownRepository.toString());
        assertEquals("repository-not-found", unknownRepository.problem());
        for (Api.Reply missing : List.of(viewer.get(jobs + "/no-such-job"), admin.delete(jobs + "/no-such-job"),
                viewer.get(jobs + "/..%2F..%2Fx"))) {
            assertEquals(404, missing.status(), missing.toString());
        }
        assertEquals("job-not-found", viewer.get(jobs + "/no-such-job").problem());
    }
}
