package org.repono.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * One RFC 9457 problem details body: type, title, status, detail (for people: names the offending value),
 * instance (the request path), and {@code jobId} / {@code retryAfterSeconds} where the API defines them.
 */
public record Problem(ProblemType type, String detail, String instance, String jobId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(ProblemType type, String detail, String instance) {
        this(type, detail, instance, null);
    }

    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("type", type.uri())
                .add("title", type.title())
                .add("status", type.status())
                .add("detail", detail == null ? type.title() + "." : detail)
                .add("instance", instance == null ? "" : instance);
        if (jobId != null) {
            json.add("jobId", jobId);
        }
        if (type.status() == 503) {
            json.add("retryAfterSeconds", ProblemType.RETRY_AFTER_SECONDS);
        }
        return json.build();
    }

    public Response response() {
        Response.ResponseBuilder response = Response.status(type.status())
                .type(MEDIA_TYPE + ";charset=UTF-8")
                .entity(json().toString());
        if (type.status() == 503) {
            response.header("Retry-After", ProblemType.RETRY_AFTER_SECONDS);
        }
        if (type == ProblemType.OBJECT_TOO_LARGE) {
            // the rest of the body stays unread: the connection closes after this answer (to keep it open the server
            // would first read and discard the whole body, and answer an Expect: 100-continue with 100 to get it)
            response.header("Connection", "close");
        }
        return response.build();
    }
}
