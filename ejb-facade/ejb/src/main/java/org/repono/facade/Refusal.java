package org.repono.facade;

/**
 * Why the facade refused or failed a call, in terms a caller can act on. The REST API turns each into an
 * RFC 9457 problem type of the same name (openapi.yaml); applications switch on it.
 */
public enum Refusal {
    INVALID_ID,
    INVALID_REQUEST,
    FORBIDDEN,
    REPOSITORY_NOT_FOUND,
    OBJECT_NOT_FOUND,
    JOB_NOT_FOUND,
    TRANSACTION_NOT_FOUND,
    JOB_RUNNING,
    JOB_FINISHED,
    APPEND_ONLY,
    LOCK_NOT_STALE,
    LOCK_HELD_BY_THIS_SERVER,
    OBJECT_TOO_LARGE,
    INTEGRITY_ERROR,
    INTERNAL_ERROR,
    REPOSITORY_LOCKED,
    REPOSITORY_BUSY,
    REPOSITORY_UNAVAILABLE,
    STORAGE_QUOTA_EXCEEDED,
    INSUFFICIENT_FREE_SPACE;

    /** Whether retrying later may succeed without anyone changing anything (the REST API adds Retry-After). */
    public boolean retryable() {
        return this == REPOSITORY_LOCKED || this == REPOSITORY_BUSY || this == REPOSITORY_UNAVAILABLE;
    }
}
