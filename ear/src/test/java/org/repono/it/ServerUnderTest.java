package org.repono.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The WildFly of the tests, as failsafe describes it (ear/pom.xml systemPropertyVariables): where it
 * listens (ports shifted by -Drepono.portOffset), its data folder, the EAR that is deployed.
 */
public final class ServerUnderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServerUnderTest() {
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with Maven (failsafe)");
        }
        return value;
    }

    /** An address on the application port (8080 + offset), e.g. {@code /repono/api/ping}. */
    public static URI http(String path) {
        return URI.create("http://127.0.0.1:" + property("repono.httpPort") + path);
    }

    /** An address on the management port (9990 + offset), e.g. {@code /health/ready}. */
    public static URI management(String path) {
        return URI.create("http://127.0.0.1:" + property("repono.managementPort") + path);
    }

    /** The server's REPONO_HOME: users, repositories. */
    public static Path home() {
        return Path.of(property("repono.home"));
    }

    /** The EAR the reactor built (ear/target/repono.ear). */
    public static Path ear() {
        return Path.of(property("repono.ear"));
    }

    /** The WildFly process of the tests (its jboss.home and port offset), found among the machine's processes. */
    public static ProcessHandle process() {
        String home = "-Djboss.home.dir=" + Path.of(property("jboss.home")).toAbsolutePath().normalize();
        String offset = "-Djboss.socket.binding.port-offset=" + property("repono.portOffset");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(offset) && c.contains("jboss-modules")
                        && (c.contains(home) || c.contains(home.replace("-Djboss.home.dir=", "")))).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no WildFly process with " + offset + " and " + home));
    }

    /** GET {@code uri}, with HTTP Basic as {@code user} unless it is null. */
    public static HttpResponse<String> get(URI uri, TestUser user) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(uri);
        if (user != null) {
            request.header("Authorization", user.basicAuthorization());
        }
        return send(request.GET().build());
    }

    /** A request to {@code uri} with a timeout; add headers, a method and a body, then {@link #send} it. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    /** Sends {@code request} without cookies: every call stands alone, as a script's would. */
    public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
