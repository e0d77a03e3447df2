package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;

/** /repositories/{repo}/objects: every operation with its success and error statuses; bodies up to borg's limit. */
class ObjectsApiIT extends RestApiTest {

    private static final String OBJECTS = "/repositories/" + RestDeployment.SCRATCH + "/objects";
    private static final int MAX = 20_971_479;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.ear();
    }

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    @Test
    void postStoresTheBodyUnderItsSha256() throws Exception {
        byte[] body = random(5000);
        String id = sha256(body);

        Api.Reply created = admin.postBytes(OBJECTS, body);

        assertEquals(201, created.status(), created.toString());
        assertTrue(created.header("Location").orElse("").endsWith("/repono/api" + OBJECTS + "/" + id),
                created.headers().map().toString());
        assertEquals(id, created.json().getString("id"));
        assertEquals(5000, created.json().getJsonNumber("size").longValue());
        Api.Reply read = viewer.get(OBJECTS + "/" + id);
        assertEquals(200, read.status(), read.toString());
        assertArrayEquals(body, read.body());
        assertEquals("application/octet-stream", read.contentType());
        assertEquals("5000", read.header("Content-Length").orElse(""));
        assertEquals("attachment; filename=\"" + id + "\"", read.header("Content-Disposition").orElse(""));
    }

    @Test
    void anEmptyBodyIsAnObjectToo() throws Exception {
        Api.Reply created = admin.postBytes(OBJECTS, new byte[0]);

        assertEquals(201, created.status(), created.toString());
        assertEquals(sha256(new byte[0]), created.json().getString("id"));
        assertEquals(0, viewer.get(OBJECTS + "/" + sha256(new byte[0])).body().length);
    }

    @Test
    void putCreatesThenReplacesAndHeadTellsTheSizeWithoutBody() throws Exception {
        String id = randomId();
        String upperCase = id.toUpperCase();

        Api.Reply created = admin.putBytes(OBJECTS + "/" + upperCase, "first".getBytes());
        assertEquals(201, created.status(), created.toString());
        assertEquals(id, created.json().getString("id"), "responses use lower case");
        assertTrue(created.header("Location").orElse("").endsWith(OBJECTS + "/" + id), created.toString());

        Api.Reply replaced = admin.putBytes(OBJECTS + "/" + id, "second, longer".getBytes());
        assertEquals(204, replaced.status(), replaced.toString());
        assertEquals("second, longer", viewer.get(OBJECTS + "/" + id).text());

        Api.Reply head = viewer.head(OBJECTS + "/" + id);
        assertEquals(200, head.status(), head.toString());
        assertEquals("14", head.header("Content-Length").orElse(""));
        assertEquals(0, head.body().length);
        assertEquals("attachment; filename=\"" + id + "\"", head.header("Content-Disposition").orElse(""));
    }

    @Test
    void deleteRemovesTheObjectOnceAndThenItIsNotFound() throws Exception {
        String id = randomId();
        admin.putBytes(OBJECTS + "/" + id, "doomed".getBytes());

        Api.Reply deleted = admin.delete(OBJECTS + "/" + id);

        assertEquals(204, deleted.status(), deleted.toString());
        Api.Reply gone = viewer.get(OBJECTS + "/" + id);
        assertEquals(404, gone.status(), gone.toString());
        assertEquals("object-not-found", gone.problem());
        assertTrue(gone.json().getString("detail").contains(id), gone.toString());
        assertEquals("/repono/api" + OBJECTS + "/" + id, gone.json().getString("instance"));
        assertEquals(404, viewer.head(OBJECTS + "/" + id).status());
        Api.Reply again = admin.delete(OBJECTS + "/" + id);
        assertEquals(404, again.status(), again.toString());
        assertEquals("object-not-found", again.problem());
    }

    @Test
    void theLargestObjectBorgTakesGoesInAndComesBackWhole() throws Exception {
        byte[] body = random(MAX);
        String id = randomId();

        Api.Reply stored = admin.putBytes(OBJECTS + "/" + id, body);
        assertEquals(201, stored.status(), stored.toString());
        assertEquals(MAX, stored.json().getJsonNumber("size").longValue());

        Api.Reply read = viewer.get(OBJECTS + "/" + id);
        assertEquals(200, read.status(), read.toString().substring(0, 80));
        assertEquals(String.valueOf(MAX), read.header("Content-Length").orElse(""));
        assertEquals(sha256(body), sha256(read.body()));
    }

    /**
     * On a raw socket (the JDK 17 client cannot take a final answer to Expect: 100-continue that closes the
     * connection): the request announces MAX + 1 bytes and waits; the server answers 413 at once, without asking
     * for the body (no 100 Continue), and closes the connection instead of reading the body to keep it.
     */
    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        String id = randomId();
        java.net.URI uri = Api.uri(OBJECTS + "/" + id);
        String head;
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "PUT " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: " + ADMIN.basicAuthorization() + "\r\nX-Requested-With: XMLHttpRequest"
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (MAX + 1L)
                    + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readAllBytes(); // to the end: the server closes the connection
            head = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        assertTrue(head.startsWith("HTTP/1.1 413 "), "the first answer is 413, not 100 Continue: " + head);
        assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), head);
        assertTrue(head.contains("urn:repono:problem:object-too-large"), head);
        assertEquals(404, viewer.head(OBJECTS + "/" + id).status(), "nothing was stored");
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWhileItIsRead() throws Exception {
        String id = randomId();

        Api.Reply refused = admin.putChunked(OBJECTS + "/" + id, new byte[MAX + 1]);

        assertEquals(413, refused.status(), refused.toString());
        assertEquals("object-too-large", refused.problem());
        assertEquals(404, viewer.head(OBJECTS + "/" + id).status(), "nothing was stored");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsStored() throws Exception {
        byte[] body = random(300_000);
        String id = randomId();

        Api.Reply stored = admin.putChunked(OBJECTS + "/" + id, body);

        assertEquals(201, stored.status(), stored.toString());
        assertEquals(300_000, stored.json().getJsonNumber("size").longValue());
        assertArrayEquals(body, viewer.get(OBJECTS + "/" + id).body());
    }

    @Test
    void pagesWithMarkersWalkEveryIdOnceAndAPrefixSelects() throws Exception {
        String prefix = HexFormat.of().formatHex(random(4));
        Map<String, Integer> mine = new HashMap<>();
        for (int i = 0; i < 23; i++) {
            String id = prefix + randomId().substring(8);
            byte[] body = random(i + 1);
            assertEquals(201, admin.putBytes(OBJECTS + "/" + id, body).status());
            mine.put(id, body.length);
        }

        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String marker = null;
        do {
            Api.Reply page = viewer.get(OBJECTS + "?limit=5&prefix=" + prefix.toUpperCase()
                    + (marker == null ? "" : "&marker=" + marker));
            assertEquals(200, page.status(), page.toString());
            JsonObject json = page.json();
            pageSizes.add(json.getJsonArray("objects").size());
            for (JsonObject object : json.getJsonArray("objects").getValuesAs(JsonObject.class)) {
                String id = object.getString("id");
                assertTrue(id.startsWith(prefix), id);
                assertTrue(seen.add(id), "listed twice: " + id);
                assertEquals(mine.get(id), object.getJsonNumber("size").intValue(), id);
            }
            marker = json.isNull("nextMarker") ? null : json.getString("nextMarker");
        } while (marker != null);

        assertEquals(mine.keySet(), seen);
        assertTrue(pageSizes.stream().allMatch(n -> n <= 5), pageSizes.toString());
    }

    @Test
    void aListingWithoutPrefixHasAllFieldsAndTheDefaultLimit() throws Exception {
        Api.Reply page = viewer.get(OBJECTS);

        assertEquals(200, page.status(), page.toString());
        JsonObject json = page.json();
        assertTrue(json.containsKey("nextMarker"), page.toString());
        assertTrue(json.getJsonArray("objects").size() <= 100, page.toString());
        if (json.get("nextMarker") != JsonValue.NULL) {
            assertEquals(64, json.getString("nextMarker").length());
        }
    }

    @Test
    void badListingParametersAreRefusedNamingThem() throws Exception {
        for (String query : new String[] {"limit=0", "limit=1001", "limit=ten", "prefix=xyz", "prefix=" + "a".repeat(65)}) {
            Api.Reply refused = viewer.get(OBJECTS + "?" + query);
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("invalid-request", refused.problem(), refused.toString());
            assertTrue(refused.json().getString("detail").contains(query.substring(0, query.indexOf('='))),
                    refused.toString());
        }
        Api.Reply badMarker = viewer.get(OBJECTS + "?marker=abc");
        assertEquals(400, badMarker.status(), badMarker.toString());
        assertEquals("invalid-id", badMarker.problem());
    }

    @Test
    void anIdThatIsNot64HexCharactersIsABadRequestForEveryMethod() throws Exception {
        for (String bad : new String[] {"abc", "g".repeat(64), "a".repeat(65)}) {
            for (Api.Reply refused : List.of(viewer.get(OBJECTS + "/" + bad), admin.putBytes(OBJECTS + "/" + bad,
                    new byte[1]), admin.delete(OBJECTS + "/" + bad))) {
                assertEquals(400, refused.status(), refused.toString());
                assertEquals("invalid-id", refused.problem(), refused.toString());
                assertTrue(refused.json().getString("detail").contains(bad), refused.toString());
            }
            assertEquals(400, viewer.head(OBJECTS + "/" + bad).status());
        }
    }

    @Test
    void anUnknownRepositoryIsNotFoundBeforeTheIdIsLookedAt() throws Exception {
        for (Api.Reply refused : List.of(viewer.get("/repositories/nope/objects"),
                viewer.get("/repositories/nope/objects/abc"),
                admin.putBytes("/repositories/nope/objects/abc", new byte[1]),
                admin.postBytes("/repositories/nope/objects", new byte[1]),
                admin.delete("/repositories/nope/objects/" + randomId()))) {
            assertEquals(404, refused.status(), refused.toString());
            assertEquals("repository-not-found", refused.problem(), refused.toString());
        }
        assertEquals(404, viewer.head("/repositories/nope/objects/" + randomId()).status());
    }

    @Test
    void anUnknownObjectIsNotFound() throws Exception {
        Api.Reply missing = viewer.get(OBJECTS + "/" + randomId());

        assertEquals(404, missing.status(), missing.toString());
        assertEquals("object-not-found", missing.problem());
        assertEquals("application/problem+json;charset=UTF-8", missing.contentType());
        assertEquals(404, viewer.head(OBJECTS + "/" + randomId()).status());
    }

    @Test
    void anObjectBodyMustBeOctetStream() throws Exception {
        String id = randomId();

        Api.Reply refused = admin.send("PUT", OBJECTS + "/" + id, "text/plain",
                java.net.http.HttpRequest.BodyPublishers.ofString("text"));

        assertEquals(415, refused.status(), refused.toString());
        assertEquals("unsupported-media-type", refused.problem());
        assertEquals(404, viewer.head(OBJECTS + "/" + id).status());
    }

    @Test
    void anAppendOnlyRepositoryTakesObjectsButRefusesDeletes() throws Exception {
        String objects = "/repositories/" + RestDeployment.APPEND_ONLY + "/objects";
        byte[] body = random(100);
        Api.Reply created = admin.postBytes(objects, body);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");

        Api.Reply refused = admin.delete(objects + "/" + id);

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("append-only", refused.problem());
        assertArrayEquals(body, viewer.get(objects + "/" + id).body(), "still there");
        assertEquals(404, admin.delete(objects + "/" + randomId()).status(), "an unknown object is 404 first");
    }

    @Test
    void aRepositoryOverItsStorageQuotaRefusesWith507AndStaysUsable() throws Exception {
        String repository = "/repositories/" + RestDeployment.QUOTA;
        byte[] fits = random(60_000);
        assertEquals(201, admin.postBytes(repository + "/objects", fits).status());
        JsonObject before = viewer.get(repository).json();
        String tooMuch = randomId();

        Api.Reply refused = admin.putBytes(repository + "/objects/" + tooMuch, random(60_000));
        Api.Reply refusedPost = admin.postBytes(repository + "/objects", random(60_000));

        for (Api.Reply reply : List.of(refused, refusedPost)) {
            assertProblem(reply, 507, "storage-quota-exceeded");
            assertTrue(reply.json().getString("detail").contains(Long.toString(RestDeployment.QUOTA_BYTES)),
                    reply.toString());
            assertTrue(reply.header("Retry-After").isEmpty(), "waiting does not help: " + reply);
        }
        assertEquals(404, viewer.head(repository + "/objects/" + tooMuch).status(), "nothing stored");
        JsonObject after = viewer.get(repository).json();
        assertEquals(before.getJsonNumber("transactionId"), after.getJsonNumber("transactionId"), after.toString());
        assertEquals(before.getJsonNumber("storageQuotaUse"), after.getJsonNumber("storageQuotaUse"));
        byte[] small = random(1000);
        assertEquals(201, admin.postBytes(repository + "/objects", small).status(), "what fits is still taken");
        assertArrayEquals(fits, viewer.get(repository + "/objects/" + sha256(fits)).body());
    }

    @Test
    void aRepositoryWithoutTheFreeSpaceBorgRequiresRefusesWith507AndStaysReadable() throws Exception {
        String repository = "/repositories/" + RestDeployment.NO_SPACE;
        JsonObject before = viewer.get(repository).json();
        String id = randomId();

        Api.Reply refused = admin.putBytes(repository + "/objects/" + id, random(10));

        assertProblem(refused, 507, "insufficient-free-space");
        assertTrue(refused.json().getString("detail").contains("free space"), refused.toString());
        assertEquals(404, viewer.head(repository + "/objects/" + id).status(), "nothing stored");
        Api.Reply after = viewer.get(repository);
        assertEquals(200, after.status(), "the repository itself is fine: " + after);
        assertEquals(before.getJsonNumber("transactionId"), after.json().getJsonNumber("transactionId"));
        assertEquals(507, admin.postBytes(repository + "/objects", random(10)).status(), "and refuses again");
    }

    static String randomId() {
        return HexFormat.of().formatHex(random(32));
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static void assertProblem(Api.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(type, reply.problem(), reply.toString());
        assertNotNull(reply.json().getString("detail"));
    }
}
