package org.repono.it.rest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.repono.it.ServerUnderTest;

/**
 * The test server's management, through the local (same-user) login jboss-cli uses: a reload restarts every
 * service and every deployment (the EJBs' memory is gone; what must last is read back from disk).
 */
final class ServerControl {

    private static final long WAIT_MILLIS = 180_000;

    private ServerControl() {
    }

    /** Reloads the server and waits until the application answers again. */
    static void reload() throws IOException, InterruptedException {
        int port = Integer.parseInt(System.getProperty("repono.managementPort"));
        try (ModelControllerClient client = ModelControllerClient.Factory.create("remote+http", "127.0.0.1", port)) {
            ModelNode result = client.execute(Operations.createOperation("reload"));
            if (!Operations.isSuccessfulOutcome(result)) {
                throw new IllegalStateException("reload failed: " + result);
            }
        }
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            if (running(port) && answers(http)) {
                return;
            }
        }
        throw new IllegalStateException("the server did not come back within " + WAIT_MILLIS / 1000 + " s");
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

    private static boolean running(int port) {
        try (ModelControllerClient client = ModelControllerClient.Factory.create("remote+http", "127.0.0.1", port)) {
            ModelNode result = client.execute(Operations.createReadAttributeOperation(new ModelNode().setEmptyList(),
                    "server-state"));
            return Operations.isSuccessfulOutcome(result)
                    && "running".equals(Operations.readResult(result).asString());
        } catch (IOException | RuntimeException e) {
            return false;
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
