package org.repono.it.ui;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.repono.it.ServerUnderTest;
import org.repono.it.TestUser;

/**
 * The REST API as the tests' own client (HTTP Basic, X-Requested-With on every call): seeds repositories before
 * the browser looks at them and reads back what the browser did.
 */
final class Rest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final TestUser user;

    Rest(TestUser user) {
        this.user = user;
    }

    /** An answer: status and body. */
    record Reply(String call, int status, byte[] body) {

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(text()))) {
                return reader.readObject();
            }
        }

        Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError(call + " answered " + status + " (expected " + expected + "): " + text());
            }
            return this;
        }
    }

    /** Stores {@code data} with POST (id = its SHA-256) and returns the id. */
    String store(String repository, byte[] data) throws IOException, InterruptedException {
        Reply stored = send("POST", objects(repository), HttpRequest.BodyPublishers.ofByteArray(data),
                "application/octet-stream").expect(201);
        return stored.json().getString("id");
    }

    /** Stores {@code data} under the given id with PUT. */
    void put(String repository, String id, byte[] data) throws IOException, InterruptedException {
        send("PUT", objects(repository) + "/" + id, HttpRequest.BodyPublishers.ofByteArray(data),
                "application/octet-stream").expect(201);
    }

    /** Every id of the repository, through the API's own paging. */
    java.util.Set<String> allIds(String repository) throws IOException, InterruptedException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        String marker = null;
        do {
            JsonObject page = get(objects(repository) + "?limit=1000" + (marker == null ? "" : "&marker=" + marker))
                    .expect(200).json();
            page.getJsonArray("objects").getValuesAs(JsonObject.class).forEach(o -> ids.add(o.getString("id")));
            marker = page.isNull("nextMarker") ? null : page.getString("nextMarker");
        } while (marker != null);
        return ids;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), null);
    }

    JsonObject repository(String repository) throws IOException, InterruptedException {
        return get("/repositories/" + repository).expect(200).json();
    }

    static String objects(String repository) {
        return "/repositories/" + repository + "/objects";
    }

    Reply send(String method, String path, HttpRequest.BodyPublisher body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = ServerUnderTest.request(ServerUnderTest.http("/repono/api" + path))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", user.basicAuthorization())
                .header("X-Requested-With", "XMLHttpRequest")
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(method + " " + path, response.statusCode(), response.body());
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
