package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/**
 * The operator's endpoints: repositories, segments, borg's lock (with break-lock, down to a repository another
 * host holds), prepared transactions (decided by hand), the schedule, /me, the served contract, unknown paths.
 */
class RepositoriesApiIT extends RestApiTest {

    private static final List<String> REPOSITORY_FIELDS = List.of("name", "path", "mode", "state", "stateDetail",
            "health", "healthReasons", "objects", "segments", "segmentBytes", "freeableBytes", "transactionId",
            "indexCheckpointTransaction", "appendOnly", "storageQuota", "storageQuotaUse", "preparedBranches",
            "lastCheck", "schedule", "activeJob");

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.withLockedRepository();
    }

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    @Test
    void everyRepositoryIsListedByNameWithEveryField() throws Exception {
        Api.Reply reply = viewer.get("/repositories");

        assertEquals(200, reply.status(), reply.toString());
        List<JsonObject> repositories = reply.array("repositories").getValuesAs(JsonObject.class);
        List<String> names = repositories.stream().map(r -> r.getString("name")).toList();
        assertTrue(names.containsAll(List.of("default", RestDeployment.SCRATCH, RestDeployment.APPEND_ONLY,
                RestDeployment.IN_DOUBT, RestDeployment.DAMAGED, RestDeployment.LOCKED)), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        for (JsonObject repository : repositories) {
            for (String field : REPOSITORY_FIELDS) {
                assertTrue(repository.containsKey(field), field + " missing in " + repository);
            }
        }
        JsonObject appendOnly = repositories.get(names.indexOf(RestDeployment.APPEND_ONLY));
        assertEquals("append-only", appendOnly.getString("mode"));
        assertEquals(true, appendOnly.getBoolean("appendOnly"));
    }

    @Test
    void oneRepositoryWithItsFiguresAsOfTheLastCommit() throws Exception {
        String objects = "/repositories/" + RestDeployment.SCRATCH + "/objects";
        admin.postBytes(objects, "figures".getBytes(StandardCharsets.UTF_8));

        Api.Reply reply = viewer.get("/repositories/" + RestDeployment.SCRATCH);

        assertEquals(200, reply.status(), reply.toString());
        JsonObject repository = reply.json();
        assertEquals(RestDeployment.SCRATCH, repository.getString("name"));
        assertEquals(RestDeployment.folder(RestDeployment.SCRATCH).toString(), repository.getString("path"));
        assertEquals("open", repository.getString("state"));
        assertEquals(JsonValue.NULL, repository.get("stateDetail"));
        assertEquals("read-write", repository.getString("mode"));
        assertTrue(repository.getJsonNumber("objects").longValue() >= 1, reply.toString());
        assertTrue(repository.getJsonNumber("transactionId").longValue() >= 0, reply.toString());
        assertTrue(repository.getJsonNumber("segmentBytes").longValue() > 0, reply.toString());
        assertEquals(0, repository.getInt("preparedBranches"));
        assertEquals(false, repository.getJsonObject("schedule").getJsonObject("check").getBoolean("enabled"));
    }

    @Test
    void segmentsAscendingAndAddingUpToTheRepositorysBytes() throws Exception {
        String objects = "/repositories/" + RestDeployment.SCRATCH + "/objects";
        for (int i = 0; i < 3; i++) {
            admin.postBytes(objects, ObjectsApiIT.random(400_000));
        }

        Api.Reply reply = viewer.get("/repositories/" + RestDeployment.SCRATCH + "/segments");
        long repositoryBytes = viewer.get("/repositories/" + RestDeployment.SCRATCH).json()
                .getJsonNumber("segmentBytes").longValue();

        assertEquals(200, reply.status(), reply.toString());
        List<JsonObject> segments = reply.array("segments").getValuesAs(JsonObject.class);
        assertFalse(segments.isEmpty());
        long previous = -1;
        long sum = 0;
        for (JsonObject segment : segments) {
            long number = segment.getJsonNumber("segment").longValue();
            assertTrue(number > previous, "ascending: " + reply);
            previous = number;
            long fileBytes = segment.getJsonNumber("fileBytes").longValue();
            long freeable = segment.getJsonNumber("freeableBytes").longValue();
            assertTrue(freeable >= 0 && freeable <= fileBytes, segment.toString());
            assertTrue(segment.getInt("liveObjects") >= 0, segment.toString());
            sum += fileBytes;
        }
        assertEquals(repositoryBytes, sum);
        assertEquals(404, viewer.get("/repositories/nope/segments").status());
    }

    @Test
    void theServerHoldsTheLockOfWhatItUsesAndNeverBreaksIt() throws Exception {
        String lock = "/repositories/" + RestDeployment.SCRATCH + "/lock";
        admin.postBytes("/repositories/" + RestDeployment.SCRATCH + "/objects", new byte[] {1});

        Api.Reply reply = viewer.get(lock);

        assertEquals(200, reply.status(), reply.toString());
        JsonObject state = reply.json();
        assertTrue(state.getBoolean("locked"), reply.toString());
        assertFalse(state.getBoolean("breakable"), reply.toString());
        JsonObject holder = state.getJsonArray("exclusiveLock").getJsonObject(0);
        assertTrue(holder.getBoolean("thisServer"), reply.toString());
        assertFalse(holder.getBoolean("stale"), reply.toString());
        assertEquals(holder, state.getJsonObject("roster").getJsonArray("exclusive").getJsonObject(0));

        Api.Reply refused = admin.delete(lock + "?force=true");
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("lock-held-by-this-server", refused.problem());
        assertEquals(201, admin.postBytes("/repositories/" + RestDeployment.SCRATCH + "/objects",
                new byte[] {2}).status(), "the repository still works");
        Api.Reply badForce = admin.delete(lock + "?force=maybe");
        assertEquals(400, badForce.status(), badForce.toString());
    }

    @Test
    void aRepositoryLockedByAnotherHostIsUnavailableUntilItsLockIsBrokenByForce() throws Exception {
        String repository = "/repositories/" + RestDeployment.LOCKED;

        Api.Reply unavailable = viewer.get(repository);
        assertEquals(200, unavailable.status(), unavailable.toString());
        assertEquals("unavailable", unavailable.json().getString("state"));
        assertTrue(unavailable.json().getString("stateDetail").contains("lock"), unavailable.toString());
        assertEquals("error", unavailable.json().getString("health"));
        assertEquals(JsonValue.NULL, unavailable.json().get("objects"));

        Api.Reply locked = viewer.get(repository + "/objects");
        assertEquals(503, locked.status(), locked.toString());
        assertEquals("repository-locked", locked.problem());
        assertEquals(String.valueOf(locked.json().getInt("retryAfterSeconds")), locked.header("Retry-After").orElse(""));

        JsonObject lock = viewer.get(repository + "/lock").json();
        assertTrue(lock.getBoolean("locked"), lock.toString());
        assertFalse(lock.getBoolean("breakable"), lock.toString());
        JsonObject holder = lock.getJsonArray("exclusiveLock").getJsonObject(0);
        assertEquals(RestDeployment.FOREIGN_HOST, holder.getString("host"));
        assertEquals(RestDeployment.FOREIGN_PID, holder.getJsonNumber("pid").longValue());
        assertFalse(holder.getBoolean("stale"), "borg cannot tell whether a process of another host lives");
        assertFalse(holder.getBoolean("thisServer"));

        Api.Reply notStale = admin.delete(repository + "/lock");
        assertEquals(409, notStale.status(), notStale.toString());
        assertEquals("lock-not-stale", notStale.problem());
        assertTrue(Files.isDirectory(RestDeployment.folder(RestDeployment.LOCKED).resolve("lock.exclusive")));
        assertEquals(403, viewer.delete(repository + "/lock?force=true").status());

        Api.Reply broken = admin.delete(repository + "/lock?force=true");
        assertEquals(204, broken.status(), broken.toString());
        assertFalse(Files.exists(RestDeployment.folder(RestDeployment.LOCKED).resolve("lock.roster")));

        Api.Reply stored = admin.postBytes(repository + "/objects", "free again".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, stored.status(), stored.toString());
        assertEquals("open", viewer.get(repository).json().getString("state"));
        Api.Reply none = admin.delete("/repositories/" + RestDeployment.APPEND_ONLY + "/lock");
        assertTrue(none.status() == 409 || none.status() == 204, none.toString());
    }

    @Test
    void preparedTransactionsAreListedAndDecidedByHand() throws Exception {
        String transactions = "/repositories/" + RestDeployment.IN_DOUBT + "/transactions";
        String objects = "/repositories/" + RestDeployment.IN_DOUBT + "/objects/";
        String first = HexFormat.of().formatHex(RestDeployment.IN_DOUBT_XID.getBytes(StandardCharsets.UTF_8));
        String second = HexFormat.of().formatHex(RestDeployment.IN_DOUBT_XID_2.getBytes(StandardCharsets.UTF_8));

        Api.Reply listed = viewer.get(transactions);
        assertEquals(200, listed.status(), listed.toString());
        List<JsonObject> branches = listed.array("transactions").getValuesAs(JsonObject.class);
        assertEquals(2, branches.size(), listed.toString());
        JsonObject branch = branches.stream().filter(b -> b.getString("xid").equals(first)).findFirst().orElseThrow();
        assertEquals(RestDeployment.IN_DOUBT_XID, branch.getString("text"));
        assertEquals(4660, branch.getInt("formatId"));
        assertEquals(HexFormat.of().formatHex("rest-gtrid".getBytes(StandardCharsets.UTF_8)),
                branch.getString("globalTransactionId"));
        assertEquals("6231", branch.getString("branchQualifier"));
        assertEquals(1, branch.getInt("puts"));
        assertEquals(0, branch.getInt("deletes"));
        assertEquals(8, branch.getJsonNumber("bytes").longValue());
        assertTrue(branch.getJsonNumber("ageSeconds").doubleValue() >= 0);
        assertTrue(Instant.parse(branch.getString("prepared")).isBefore(Instant.now().plus(Duration.ofMinutes(1))));
        assertEquals(2, viewer.get("/repositories/" + RestDeployment.IN_DOUBT).json().getInt("preparedBranches"));
        assertEquals(404, viewer.head(objects + RestDeployment.IN_DOUBT_OBJECT).status(), "prepared is invisible");

        assertEquals(403, viewer.post(transactions + "/" + first + "/commit").status());
        Api.Reply notHex = admin.post(transactions + "/xyz/commit");
        assertEquals(400, notHex.status(), notHex.toString());
        assertEquals("invalid-request", notHex.problem());
        Api.Reply unknown = admin.post(transactions + "/" + HexFormat.of().formatHex("1:00:00".getBytes()) + "/commit");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("transaction-not-found", unknown.problem());

        Api.Reply committed = admin.post(transactions + "/" + first.toUpperCase() + "/commit");
        assertEquals(204, committed.status(), committed.toString());
        assertArrayEquals("in doubt".getBytes(StandardCharsets.UTF_8),
                viewer.get(objects + RestDeployment.IN_DOUBT_OBJECT).body());
        Api.Reply rolledBack = admin.post(transactions + "/" + second + "/rollback");
        assertEquals(204, rolledBack.status(), rolledBack.toString());
        assertEquals(404, viewer.head(objects + RestDeployment.IN_DOUBT_OBJECT_2).status(), "rolled back");

        assertEquals(List.of(), viewer.get(transactions).array("transactions"));
        Api.Reply again = admin.post(transactions + "/" + first + "/rollback");
        assertEquals(404, again.status(), "decided already: " + again);
        assertEquals("transaction-not-found", again.problem());
    }

    @Test
    void theScheduleIsOffByDefaultAndReplacedWhole() throws Exception {
        String schedule = "/repositories/" + RestDeployment.APPEND_ONLY + "/schedule";

        Api.Reply defaults = viewer.get(schedule);
        assertEquals(200, defaults.status(), defaults.toString());
        JsonObject off = defaults.json();
        assertEquals(false, off.getJsonObject("check").getBoolean("enabled"));
        assertEquals(24, off.getJsonObject("check").getInt("intervalHours"));
        assertEquals(false, off.getJsonObject("compaction").getBoolean("enabled"));
        assertEquals(0.1, off.getJsonObject("compaction").getJsonNumber("threshold").doubleValue(), 1e-9);
        assertEquals(168, off.getJsonObject("compaction").getInt("intervalHours"));
        assertEquals(JsonValue.NULL, off.get("nextCheck"));
        assertEquals(JsonValue.NULL, off.get("nextCompaction"));

        Instant before = Instant.now();
        Api.Reply saved = admin.putJson(schedule, "{'check': {'enabled': true, 'intervalHours': 6},"
                + " 'compaction': {'enabled': true, 'threshold': 0.3, 'intervalHours': 48}, 'nextCheck': null}");
        assertEquals(200, saved.status(), saved.toString());
        JsonObject on = saved.json();
        assertEquals(6, on.getJsonObject("check").getInt("intervalHours"));
        assertEquals(0.3, on.getJsonObject("compaction").getJsonNumber("threshold").doubleValue(), 1e-9);
        Instant nextCheck = Instant.parse(on.getString("nextCheck"));
        assertFalse(nextCheck.isBefore(before.plus(Duration.ofHours(6)).minusSeconds(5)), on.toString());
        assertFalse(nextCheck.isAfter(Instant.now().plus(Duration.ofHours(6)).plusSeconds(5)), on.toString());
        assertNotEquals(JsonValue.NULL, on.get("nextCompaction"));
        assertEquals(on, viewer.get(schedule).json());
        assertEquals(on, viewer.get("/repositories/" + RestDeployment.APPEND_ONLY).json().getJsonObject("schedule"));

        Api.Reply bad = admin.putJson(schedule, "{'check': {'enabled': true, 'intervalHours': 0},"
                + " 'compaction': {'enabled': true, 'threshold': 0.3, 'intervalHours': 48}}");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.json().getString("detail").contains("check.intervalHours"), bad.toString());
        Api.Reply partial = admin.putJson(schedule, "{'check': {'enabled': false, 'intervalHours': 1}}");
        assertEquals(400, partial.status(), partial.toString());
        Api.Reply notJson = admin.send("PUT", schedule, "text/plain", java.net.http.HttpRequest.BodyPublishers.ofString("x"));
        assertEquals(415, notJson.status(), notJson.toString());
        assertEquals(403, viewer.putJson(schedule, "{}").status());
        assertEquals(on, viewer.get(schedule).json(), "refused changes changed nothing");

        Api.Reply offAgain = admin.putJson(schedule, "{'check': {'enabled': false, 'intervalHours': 24},"
                + " 'compaction': {'enabled': false, 'threshold': 0.1, 'intervalHours': 168}}");
        assertEquals(200, offAgain.status(), offAgain.toString());
        assertEquals(JsonValue.NULL, offAgain.json().get("nextCheck"));
        assertEquals(404, viewer.get("/repositories/nope/schedule").status());
    }

    @Test
    void meNamesTheUserAndTheirRoles() throws Exception {
        JsonObject me = admin.get("/me").json();
        assertEquals("admin", me.getString("name"));
        assertEquals(List.of("admin"), me.getJsonArray("roles").getValuesAs(JsonValue::toString).stream()
                .map(s -> s.replace("\"", "")).toList());
        assertEquals("viewer", viewer.get("/me").json().getString("name"));
    }

    @Test
    void theContractIsServed() throws Exception {
        Api.Reply contract = viewer.get(org.repono.it.ServerUnderTest.http("/repono/openapi.yaml").toString());

        assertEquals(200, contract.status(), contract.toString());
        assertTrue(contract.contentType().contains("yaml"), contract.contentType());
        assertTrue(contract.text().startsWith("openapi: 3.0.3"), contract.text().substring(0, 40));
        assertTrue(contract.text().contains("/repositories/{repo}/objects/{id}:"));
        assertEquals(401, Api.anonymous().get(org.repono.it.ServerUnderTest.http("/repono/openapi.yaml").toString())
                .status());
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() throws Exception {
        Api.Reply nothing = viewer.get("/nothing/here");
        assertEquals(404, nothing.status(), nothing.toString());
        assertEquals("not-found", nothing.problem());

        Api.Reply patch = admin.send("PATCH", "/repositories", "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        assertEquals(405, patch.status(), patch.toString());
        assertEquals("method-not-allowed", patch.problem());
    }

    @Test
    void noRepositoryNameReachesOutsideTheConfiguredRepositories() throws Exception {
        for (String name : new String[] {"..", "..%2Fdefault", "%2e%2e", "default%2F..%2F..", ".default", "a%00b"}) {
            Api.Reply reply = viewer.get("/repositories/" + name);
            assertTrue(reply.status() == 404 || reply.status() == 400, name + ": " + reply);
        }
        Api.Reply unknown = viewer.get("/repositories/nope");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("repository-not-found", unknown.problem());
        assertTrue(unknown.json().getString("detail").contains("nope"), unknown.toString());
    }
}
