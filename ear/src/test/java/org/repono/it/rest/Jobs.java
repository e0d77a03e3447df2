package org.repono.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Set;

/** Waiting for maintenance jobs through the API. */
final class Jobs {

    private static final long WAIT_MILLIS = 300_000;
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    private Jobs() {
    }

    /** Starts a job; asserts 202 and returns the job as the answer showed it. */
    static JsonObject start(Api admin, String repository, String request) throws IOException, InterruptedException {
        Api.Reply reply = admin.postJson("/repositories/" + repository + "/jobs", request);
        assertEquals(202, reply.status(), reply.toString());
        return reply.json();
    }

    /** Polls the job every 200 ms until it has ended; its final view. */
    static JsonObject awaitEnd(Api api, String repository, String jobId) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            Api.Reply reply = api.get("/repositories/" + repository + "/jobs/" + jobId);
            assertEquals(200, reply.status(), reply.toString());
            JsonObject job = reply.json();
            if (ENDED.contains(job.getString("state"))) {
                return job;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("job " + jobId + " did not end within " + WAIT_MILLIS / 1000 + " s: " + job);
            }
            Thread.sleep(200);
        }
    }
}
