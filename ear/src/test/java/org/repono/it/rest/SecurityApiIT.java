package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.repono.it.ServerUnderTest;

/**
 * Who may do what: every endpoint needs a login (401), a viewer reads but changes nothing (403), every
 * state-changing call needs the CSRF header (a forged cross-site request is refused, with a valid session too),
 * a user without Repono's roles sees only who they are; the console's FORM login and logout.
 */
class SecurityApiIT extends RestApiTest {

    private static final String R = "/repositories/" + RestDeployment.SCRATCH;
    private static final String NOBODY = "rest-nobody";
    private static final String NOBODY_PASSWORD = "nobody-pw-for-tests";
    private static String existing;
    private static String jobId;

    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return RestDeployment.ear();
    }

    private final Api admin = Api.as(ADMIN);
    private final Api viewer = Api.as(VIEWER);

    /** A state-changing call: method, path, content type and body. */
    private record Change(String method, String path, String type, String body) {
        Api.Reply by(Api api) throws IOException, InterruptedException {
            return api.send(method, path, type, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        }
    }

    private static final String NEW_ID = "5ec0" + "0".repeat(60);
    private static final String XID = HexFormat.of().formatHex("1:00:00".getBytes(StandardCharsets.UTF_8));

    private static List<Change> changes() {
        return List.of(
                new Change("POST", R + "/objects", "application/octet-stream", "forged"),
                new Change("PUT", R + "/objects/" + NEW_ID, "application/octet-stream", "forged"),
                new Change("DELETE", R + "/objects/" + existing, null, null),
                new Change("POST", R + "/jobs", "application/json", "{'kind': 'check'}"),
                new Change("DELETE", R + "/jobs/" + jobId, null, null),
                new Change("PUT", R + "/schedule", "application/json", "{'check': {'enabled': true, 'intervalHours': 1},"
                        + " 'compaction': {'enabled': true, 'threshold': 0.5, 'intervalHours': 1}}"),
                new Change("DELETE", R + "/lock?force=true", null, null),
                new Change("POST", R + "/transactions/" + XID + "/commit", null, null),
                new Change("POST", R + "/transactions/" + XID + "/rollback", null, null));
    }

    private static List<String> reads() {
        return List.of("/me", "/ping", "/repositories", R, R + "/segments", R + "/objects", R + "/objects/" + existing,
                R + "/jobs", R + "/jobs/" + jobId, R + "/schedule", R + "/lock", R + "/transactions");
    }

    @BeforeAll
    static void usersAndData() throws Exception {
        setNobody(true);
        Api admin = Api.as(ADMIN);
        Api.Reply stored = admin.postBytes(R + "/objects", "protected".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, stored.status(), stored.toString());
        existing = stored.json().getString("id");
        jobId = Jobs.awaitEnd(admin, RestDeployment.SCRATCH, Jobs.start(admin, RestDeployment.SCRATCH,
                "{'kind': 'check'}").getString("id")).getString("id");
    }

    @AfterAll
    static void forgetNobody() throws IOException {
        setNobody(false);
    }

    @Test
    void everyEndpointAsksForALoginFirst() throws Exception {
        Api anonymous = Api.anonymous().withoutRequestedWith();
        List<Api.Reply> replies = new ArrayList<>();
        for (String read : reads()) {
            replies.add(anonymous.get(read));
        }
        for (Change change : changes()) {
            replies.add(change.by(anonymous));
        }
        for (Api.Reply reply : replies) {
            assertEquals(401, reply.status(), reply.toString());
            assertEquals("unauthenticated", reply.problem(), reply.toString());
            assertTrue(reply.header("WWW-Authenticate").orElse("").startsWith("Basic realm=\"Repono\""),
                    reply.headers().map().toString());
        }
        Api.Reply head = anonymous.head(R + "/objects/" + existing);
        assertEquals(401, head.status());
        assertEquals(0, head.body().length);

        Api.Reply fromTheConsole = Api.anonymous().get("/repositories");
        assertEquals(401, fromTheConsole.status());
        assertFalse(fromTheConsole.header("WWW-Authenticate").isPresent(), "no browser password dialog for the console");
        assertEquals(401, Api.basic("viewer", "wrong").get("/me").status());
        assertEquals(401, Api.basic("no-such-user", "x").get("/me").status());
        assertNothingChanged();
    }

    @Test
    void aViewerReadsEverythingAndChangesNothing() throws Exception {
        for (String read : reads()) {
            Api.Reply reply = viewer.get(read);
            assertEquals(200, reply.status(), reply.toString());
        }
        assertEquals(200, viewer.head(R + "/objects/" + existing).status());
        for (Change change : changes()) {
            Api.Reply refused = change.by(viewer);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("forbidden", refused.problem(), refused.toString());
        }
        assertNothingChanged();
    }

    @Test
    void aStateChangingCallWithoutTheCsrfHeaderIsRefusedEvenForAnAdmin() throws Exception {
        Api noHeader = admin.withoutRequestedWith();
        for (Change change : changes()) {
            Api.Reply refused = change.by(noHeader);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("csrf-header-missing", refused.problem(), refused.toString());
        }
        assertEquals(403, noHeader.post("/logout").status());
        assertNothingChanged();
        assertEquals(200, noHeader.get("/repositories").status(), "reads need no header");
    }

    @Test
    void aForgedCrossSiteRequestRidingOnTheConsolesSessionIsRefused() throws Exception {
        Api browser = Api.formLogin(ADMIN.userName(), ADMIN.password());
        byte[] forged = "forged by evil.example".getBytes(StandardCharsets.UTF_8);
        String forgedId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(forged));
        Api crossSite = browser.withoutRequestedWith();

        // what a form on another site can send: a POST with a simple content type and the session cookie
        Api.Reply upload = crossSite.send("POST", R + "/objects", "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofByteArray(forged));
        Api.Reply job = crossSite.send("POST", R + "/jobs", "text/plain",
                HttpRequest.BodyPublishers.ofString("{\"kind\": \"repair\"}"));

        for (Api.Reply refused : List.of(upload, job)) {
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("csrf-header-missing", refused.problem(), refused.toString());
        }
        assertEquals(404, viewer.head(R + "/objects/" + forgedId).status(), "nothing was stored");
        assertNothingChanged();

        Api.Reply fromTheConsole = browser.postBytes(R + "/objects", forged);
        assertEquals(201, fromTheConsole.status(), "the console's own call carries the header: " + fromTheConsole);
        assertEquals(204, admin.delete(R + "/objects/" + forgedId).status());
    }

    @Test
    void aUserWithoutReponosRolesOnlySeesWhoTheyAre() throws Exception {
        Api nobody = Api.basic(NOBODY, NOBODY_PASSWORD);

        JsonObject me = nobody.get("/me").json();
        assertEquals(NOBODY, me.getString("name"));
        assertEquals(0, me.getJsonArray("roles").size());
        for (String read : reads().subList(1, reads().size())) {
            Api.Reply refused = nobody.get(read);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("forbidden", refused.problem());
        }
        for (Change change : changes()) {
            assertEquals(403, change.by(nobody).status(), change.toString());
        }
        assertEquals(204, nobody.post("/logout").status());
        assertNothingChanged();
    }

    @Test
    void theConsolesFormLoginLastsUntilLogout() throws Exception {
        Api browser = Api.formLogin(VIEWER.userName(), VIEWER.password());

        assertEquals("viewer", browser.get("/me").json().getString("name"));
        Api.Reply console = browser.get(ServerUnderTest.http("/repono/").toString());
        assertEquals(200, console.status());
        assertTrue(console.text().contains("app/main.js"), "the console itself, not the login page");

        assertEquals(204, browser.post("/logout").status());

        assertEquals(401, browser.get("/me").status());
        assertTrue(browser.get(ServerUnderTest.http("/repono/").toString()).text().contains("j_security_check"),
                "after logout the console shows its login page");
    }

    @Test
    void aWrongFormLoginShowsTheErrorPageAndOpensNoSession() throws Exception {
        Api browser = Api.formLogin(VIEWER.userName(), "wrong-password", false);

        assertTrue(browser.lastPage().contains("login-error"), browser.lastPage());
        assertEquals(401, browser.get("/me").status());
    }

    @Test
    void aCraftedPathIsJudgedAsTheApiItReaches() throws Exception {
        String root = ServerUnderTest.http("/repono").toString();
        for (String path : new String[] {"//api/me", "/api//me", "/css/../api/me", "/api/./me"}) {
            Api.Reply reply = Api.anonymous().get(root + path);
            assertTrue(reply.status() == 401 || reply.status() == 404 || reply.status() == 400, path + ": " + reply);
        }
        Api browser = Api.formLogin(ADMIN.userName(), ADMIN.password()).withoutRequestedWith();
        Api.Reply forged = browser.send("POST", root + "//api" + R + "/objects", "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("forged=1"));
        assertTrue(forged.status() == 403 || forged.status() == 404 || forged.status() == 400, forged.toString());
        assertNothingChanged();
    }

    @Test
    void healthNeedsNoLogin() throws Exception {
        for (String check : new String[] {"/health/ready", "/health/live", "/health/started"}) {
            Api.Reply reply = Api.anonymous().get(ServerUnderTest.management(check).toString());
            assertTrue(reply.status() == 200 || reply.status() == 503, check + ": " + reply);
            assertTrue(reply.text().contains("\"checks\""), reply.toString());
        }
    }

    /** The data the refused calls aimed at is as it was. */
    private void assertNothingChanged() throws Exception {
        assertEquals("protected", viewer.get(R + "/objects/" + existing).text());
        assertEquals(404, viewer.head(R + "/objects/" + NEW_ID).status());
        JsonObject schedule = viewer.get(R + "/schedule").json();
        assertEquals(false, schedule.getJsonObject("check").getBoolean("enabled"), schedule.toString());
        assertEquals(jobId, viewer.get(R + "/jobs?limit=1").array("jobs").getJsonObject(0).getString("id"),
                "no job started");
    }

    /** Adds (or removes) a user with no role of Repono's, as ear/set-user.sh writes users (it allows only ours). */
    private static void setNobody(boolean present) throws IOException {
        Path home = ServerUnderTest.home();
        String hash = HexFormat.of().formatHex(md5(NOBODY + ":ApplicationRealm:" + NOBODY_PASSWORD));
        rewrite(home.resolve("users.properties"), present ? NOBODY + "=" + hash : null);
        rewrite(home.resolve("roles.properties"), present ? NOBODY + "=auditor" : null);
    }

    private static void rewrite(Path file, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.removeIf(l -> l.startsWith(NOBODY + "="));
        if (line != null) {
            lines.add(line);
        }
        Files.write(file, lines);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
