package org.repono.it.rar;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.repono.it.BuiltEar;
import org.repono.it.ServerUnderTest;
import org.repono.it.rar.server.Scenarios;

/**
 * The client side of the resource adapter's full-stack tests: the real EAR with the scenario beans and servlet
 * (package {@code server}) added to its web module, and calls of one scenario at a time, as the admin user.
 */
final class Scenario {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Scenario() {
    }

    /**
     * target/repono.ear plus the scenarios, in its web module (which sees the .rar's client API). The console's
     * FORM login would answer a scenario call with its login page: a web fragment leaves /rar-it/* open (this
     * test deployment only; the scenario beans need no user).
     */
    static EnterpriseArchive ear() {
        EnterpriseArchive ear = BuiltEar.load();
        ear.getAsType(WebArchive.class, BuiltEar.WAR).addPackage(Scenarios.class.getPackage())
                .addAsLibrary(OPEN_SCENARIOS);
        return ear;
    }

    private static final JavaArchive OPEN_SCENARIOS = ShrinkWrap.create(JavaArchive.class, "rar-it-open.jar")
            .addAsManifestResource(new StringAsset("""
                    <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                      <name>rar_it_scenarios_open</name>
                      <security-constraint>
                        <web-resource-collection>
                          <web-resource-name>Resource adapter test scenarios</web-resource-name>
                          <url-pattern>/rar-it/*</url-pattern>
                        </web-resource-collection>
                      </security-constraint>
                    </web-fragment>
                    """), "web-fragment.xml");

    /** A name no earlier run used: test objects never collide with what the repository holds already. */
    static String fresh(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** Runs scenario {@code path} with parameters given as name, value, name, value ...; its JSON answer. */
    static JsonObject run(String path, String... parameters) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(3), path, parameters);
    }

    /** As {@link #run(String, String...)}, waiting up to {@code timeout} for the answer. */
    static JsonObject run(Duration timeout, String path, String... parameters) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path, timeout, parameters);
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json")) {
            throw new AssertionError("scenario " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** Starts scenario {@code path} without waiting for its answer. */
    static java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(String path, String... parameters) {
        return HTTP.sendAsync(request(path, Duration.ofMinutes(5), parameters), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String path, Duration timeout, String... parameters)
            throws IOException, InterruptedException {
        return HTTP.send(request(path, timeout, parameters), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, Duration timeout, String... parameters) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            form.add(parameters[i] + "=" + URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        URI uri = ServerUnderTest.http("/repono/rar-it" + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        return request;
    }

    static boolean contains(String name) throws IOException, InterruptedException {
        return run("/contains", "name", name).getBoolean("contains");
    }

    static int messages(String name) throws IOException, InterruptedException {
        return run("/messages", "name", name).getInt("messages");
    }

    static String failure(JsonObject answer) {
        return answer.containsKey("failed") ? answer.getString("failed") : null;
    }
}
