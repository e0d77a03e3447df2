package org.repono.web;

import java.util.Locale;
import org.repono.facade.Refusal;

/** The API's RFC 9457 problem types (openapi.yaml, "Problem types"): status, type URN and fixed title. */
public enum ProblemType {
    INVALID_ID(400, "Invalid object id"),
    INVALID_REQUEST(400, "Invalid request"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    CSRF_HEADER_MISSING(403, "Missing X-Requested-With header"),
    REPOSITORY_NOT_FOUND(404, "No such repository"),
    OBJECT_NOT_FOUND(404, "No such object"),
    JOB_NOT_FOUND(404, "No such job"),
    TRANSACTION_NOT_FOUND(404, "No such prepared transaction"),
    NOT_FOUND(404, "Not found (any other path)"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    JOB_RUNNING(409, "Another job is queued or running"),
    JOB_FINISHED(409, "The job has already finished"),
    APPEND_ONLY(409, "Refused: repository is append-only"),
    LOCK_NOT_STALE(409, "The lock is not stale"),
    LOCK_HELD_BY_THIS_SERVER(409, "The lock belongs to this server"),
    OBJECT_TOO_LARGE(413, "Object too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    INTEGRITY_ERROR(500, "Stored data is damaged"),
    INTERNAL_ERROR(500, "Internal error"),
    REPOSITORY_LOCKED(503, "Repository locked by another process"),
    REPOSITORY_BUSY(503, "Repository busy (repair running)"),
    REPOSITORY_UNAVAILABLE(503, "Repository unavailable"),
    STORAGE_QUOTA_EXCEEDED(507, "Storage quota exceeded"),
    INSUFFICIENT_FREE_SPACE(507, "Insufficient free space");

    /** What every 503 tells the client to wait before trying again, in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** {@code urn:repono:problem:<name in kebab case>}. */
    public String uri() {
        return "urn:repono:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type of a facade refusal: the same name. */
    public static ProblemType of(Refusal refusal) {
        return valueOf(refusal.name());
    }
}
