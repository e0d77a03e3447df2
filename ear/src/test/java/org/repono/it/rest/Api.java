package org.repono.it.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.repono.it.ServerUnderTest;
import org.repono.it.TestUser;

/**
 * A client of /repono/api: a user (HTTP Basic, or the cookie of a FORM login), the CSRF header on or off, raw or
 * JSON bodies. One client per caller; a FORM-login client keeps its session cookie.
 */
final class Api {

    static final String XHR = "XMLHttpRequest";

    private final HttpClient http;
    private final String authorization;
    private boolean requestedWith = true;
    private String lastPage = "";

    private Api(HttpClient http, String authorization) {
        this.http = http;
        this.authorization = authorization;
    }

    static Api as(TestUser user) {
        return new Api(client(null), user.basicAuthorization());
    }

    /** With these Basic credentials (any user, any password). */
    static Api basic(String user, String password) {
        return new Api(client(null), "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Without any credentials. */
    static Api anonymous() {
        return new Api(client(null), null);
    }

    /**
     * The console's way in: GET the console (the container answers with the login page), post the form to
     * j_security_check, keep the session cookie.
     */
    static Api formLogin(String user, String password) throws IOException, InterruptedException {
        return formLogin(user, password, true);
    }

    /** As {@link #formLogin(String, String)}; {@code mustSucceed} false for a login expected to fail. */
    static Api formLogin(String user, String password, boolean mustSucceed) throws IOException, InterruptedException {
        HttpClient http = client(new CookieManager());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(ServerUnderTest.http("/repono/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (!page.body().contains("j_security_check")) {
            throw new IllegalStateException("the console did not show its login page: " + page.statusCode());
        }
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(ServerUnderTest.http("/repono/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (mustSucceed && (login.statusCode() >= 400 || login.body().contains("j_security_check"))) {
            throw new IllegalStateException("the FORM login failed: " + login.statusCode());
        }
        Api api = new Api(http, null);
        api.lastPage = login.body();
        return api;
    }

    /** The page the FORM login ended on. */
    String lastPage() {
        return lastPage;
    }

    private static HttpClient client(CookieManager cookies) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (cookies != null) {
            builder.cookieHandler(cookies);
        }
        return builder.build();
    }

    /** Leaves the CSRF header X-Requested-With off (as a cross-site form would). */
    Api withoutRequestedWith() {
        Api copy = new Api(http, authorization);
        copy.requestedWith = false;
        return copy;
    }

    static URI uri(String path) {
        return ServerUnderTest.http("/repono/api" + path);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, HttpRequest.BodyPublishers.noBody());
    }

    Reply head(String path) throws IOException, InterruptedException {
        return send("HEAD", path, null, HttpRequest.BodyPublishers.noBody());
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, HttpRequest.BodyPublishers.noBody());
    }

    Reply post(String path) throws IOException, InterruptedException {
        return send("POST", path, null, HttpRequest.BodyPublishers.noBody());
    }

    Reply postJson(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')));
    }

    Reply putJson(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, "application/json", HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')));
    }

    Reply postBytes(String path, byte[] body) throws IOException, InterruptedException {
        return send("POST", path, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(body));
    }

    Reply putBytes(String path, byte[] body) throws IOException, InterruptedException {
        return send("PUT", path, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** PUT with a body of unknown length: sent chunked, without Content-Length. */
    Reply putChunked(String path, byte[] body) throws IOException, InterruptedException {
        return send("PUT", path, "application/octet-stream",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    /**
     * PUT announcing {@code length} bytes of zeros with {@code Expect: 100-continue}: the body follows only when the
     * server asks for it, so a refusal from the Content-Length alone costs no upload.
     */
    Reply putAnnounced(String path, long length) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher zeros = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                    private long left = length;

                    @Override
                    public int read() {
                        return left-- > 0 ? 0 : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        java.util.Arrays.fill(b, off, off + n, (byte) 0);
                        left -= n;
                        return n;
                    }
                }), length);
        return send("PUT", path, "application/octet-stream", zeros, true);
    }

    Reply send(String method, String path, String contentType, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return send(method, path, contentType, body, false);
    }

    Reply send(String method, String path, String contentType, HttpRequest.BodyPublisher body, boolean expectContinue)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(path.startsWith("http") ? URI.create(path) : uri(path))
                .timeout(Duration.ofSeconds(120))
                .expectContinue(expectContinue)
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (requestedWith) {
            request.header("X-Requested-With", XHR);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(method + " " + path, response.statusCode(), response.headers(), response.body());
    }

    /** An answer, with what the assertion messages show. */
    record Reply(String call, int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(text()))) {
                return reader.readObject();
            }
        }

        JsonArray array(String field) {
            return json().getJsonArray(field);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The problem type's last part, e.g. "invalid-id". */
        String problem() {
            if (!contentType().startsWith("application/problem+json")) {
                return "(not a problem: " + contentType() + ")";
            }
            return json().getString("type").replace("urn:repono:problem:", "");
        }

        @Override
        public String toString() {
            return call + " -> " + status + " " + (body.length > 600 ? text().substring(0, 600) + "..." : text());
        }
    }
}
