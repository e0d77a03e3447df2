package org.repono.it.rest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/** The test server's management (system properties), through the local (same-user) login jboss-cli uses. */
final class ServerControl {

    private static final long WAIT_MILLIS = 180_000;

    private ServerControl() {
    }

    /** Waits until the application answers an authenticated call (after a start, the EAR deploys from the record). */
    static void awaitApi() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (!answers(http)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the API did not answer within " + WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(500);
        }
    }

    /** Sets (value non-null) or removes a system property of the running server. */
    static void systemProperty(String name, String value) throws IOException {
        int port = Integer.parseInt(System.getProperty("repono.managementPort"));
        ModelNode address = new ModelNode().add("system-property", name);
        try (ModelControllerClient client = ModelControllerClient.Factory.create("remote+http", "127.0.0.1", port)) {
            client.execute(Operations.createRemoveOperation(address));
            if (value != null) {
                ModelNode add = Operations.createAddOperation(address);
                add.get("value").set(value);
                ModelNode result = client.execute(add);
                if (!Operations.isSuccessfulOutcome(result)) {
                    throw new IllegalStateException("cannot set " + name + ": " + result);
                }
            }
        }
    }

    private static boolean answers(HttpClient http) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(Api.uri("/me"))
                            .header("Authorization", org.repono.it.TestUser.VIEWER.basicAuthorization()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
