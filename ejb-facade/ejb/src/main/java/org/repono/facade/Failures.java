package org.repono.facade;

import java.util.Optional;
import org.repono.api.AppendOnlyException;
import org.repono.api.InsufficientFreeSpaceException;
import org.repono.api.IntegrityFailureException;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.MaintenanceBusyException;
import org.repono.api.ObjectNotFoundException;
import org.repono.api.ObjectTooLargeException;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryUnavailableException;
import org.repono.api.StorageQuotaExceededException;

/**
 * Turns what the resource adapter threw into a {@link ReponoProblem}. Also used on failures that reach the caller
 * only at commit (the container wraps them), so it looks through the whole cause chain.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The problem {@code failure} stands for: a {@link ReponoProblem} or an adapter failure found in its cause
     * chain, or empty when there is none (a bug or an infrastructure failure).
     */
    public static Optional<ReponoProblem> problemIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReponoProblem problem) {
                return Optional.of(problem);
            }
            if (t instanceof RepositoryFailure repositoryFailure) {
                return Optional.of(translate(repositoryFailure));
            }
        }
        return Optional.empty();
    }

    /** The problem an adapter failure stands for; the detail is the adapter's message (it names repository and id). */
    public static ReponoProblem translate(RepositoryFailure failure) {
        return new ReponoProblem(refusalOf(failure), String.valueOf(failure.getMessage()), failure);
    }

    static Refusal refusalOf(RepositoryFailure failure) {
        if (failure instanceof StorageQuotaExceededException) {
            return Refusal.STORAGE_QUOTA_EXCEEDED;
        }
        if (failure instanceof InsufficientFreeSpaceException) {
            return Refusal.INSUFFICIENT_FREE_SPACE;
        }
        if (failure instanceof InvalidObjectIdException) {
            return Refusal.INVALID_ID;
        }
        if (failure instanceof ObjectNotFoundException) {
            return Refusal.OBJECT_NOT_FOUND;
        }
        if (failure instanceof AppendOnlyException) {
            return Refusal.APPEND_ONLY;
        }
        if (failure instanceof ObjectTooLargeException) {
            return Refusal.OBJECT_TOO_LARGE;
        }
        if (failure instanceof IntegrityFailureException) {
            return Refusal.INTEGRITY_ERROR;
        }
        if (failure instanceof RepositoryLockedException) {
            return Refusal.REPOSITORY_LOCKED;
        }
        if (failure instanceof MaintenanceBusyException) {
            return Refusal.REPOSITORY_BUSY;
        }
        if (failure instanceof RepositoryUnavailableException) {
            return Refusal.REPOSITORY_UNAVAILABLE;
        }
        return Refusal.INTERNAL_ERROR;
    }
}
