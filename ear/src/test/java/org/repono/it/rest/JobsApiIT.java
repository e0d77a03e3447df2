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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * Maintenance jobs through the API: check and compaction while another client keeps writing, their results kept
 * across a server restart; one job at a time; cancellation; append-only refusals; bad requests.
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
    void checkAndCompactionRunWhileAnotherClientWritesAndTheirResultsOutliveARestart() throws Exception {
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

        ServerControl.reload();

        List<JsonObject> history = viewer.get("/repositories/" + SCRATCH + "/jobs").array("jobs")
                .getValuesAs(JsonObject.class);
        assertEquals(List.of(recheck, compacted, checked), history.subList(0, 3), "the history as it was");
        JsonObject lastCheck = viewer.get("/repositories/" + SCRATCH).json().getJsonObject("lastCheck");
        assertEquals(recheck.getString("id"), lastCheck.getString("jobId"));
        assertEquals("clean", lastCheck.getString("outcome"));
        assertEquals(recheck.getString("finished"), lastCheck.getString("finished"));
    }

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
        JsonObject job = Jobs.start(admin, repository, "{'kind': 'check'}");
        String path = "/repositories/" + repository + "/jobs/" + job.getString("id");

        Api.Reply cancel = admin.delete(path);

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

    /** Another client: writes small objects one by one until stopped, remembering what it wrote. */
    private static final class Writer implements Runnable {

        private final Api api;
        private final String objects;
        private final Thread thread = new Thread(this, "writer");
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger count = new AtomicInteger();
        final Map<String, byte[]> written = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        Writer(Api api, String objects) {
            this.api = api;
            this.objects = objects;
        }

        void start() {
            thread.start();
        }

        int count() {
            return count.get();
        }

        void awaitWrites(int atLeast) throws InterruptedException {
            while (count.get() < atLeast && thread.isAlive()) {
                Thread.sleep(20);
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join();
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                String id = ObjectsApiIT.randomId();
                byte[] data = ObjectsApiIT.random(4096);
                try {
                    Api.Reply reply = api.putBytes(objects + id, data);
                    if (reply.status() == 201) {
                        written.put(id, data);
                    } else {
                        failures.add(reply.toString());
                    }
                } catch (Exception e) {
                    failures.add(String.valueOf(e));
                }
                count.incrementAndGet();
            }
        }
    }
}
