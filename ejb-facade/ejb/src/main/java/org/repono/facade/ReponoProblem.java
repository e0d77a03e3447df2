package org.repono.facade;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A call the facade refused or could not complete: what kind of refusal, and a sentence for people naming the
 * offending value. An application exception, so it reaches the caller as thrown, and the container rolls the
 * caller's transaction back (nothing a refused call did stays).
 */
@ApplicationException(rollback = true)
public class ReponoProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Refusal refusal;
    private final String jobId;

    public ReponoProblem(Refusal refusal, String detail) {
        this(refusal, detail, null, null);
    }

    public ReponoProblem(Refusal refusal, String detail, Throwable cause) {
        this(refusal, detail, null, cause);
    }

    /** With {@code jobId}: the job that stands in the way ({@link Refusal#JOB_RUNNING}). */
    public ReponoProblem(Refusal refusal, String detail, String jobId, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.jobId = jobId;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** The job concerned, or null. */
    public String jobId() {
        return jobId;
    }
}
