package org.repono.rar;

import java.io.UncheckedIOException;
import org.repono.api.AppendOnlyException;
import org.repono.api.IntegrityFailureException;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.ObjectNotFoundException;
import org.repono.api.ObjectTooLargeException;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryUnavailableException;
import org.repono.engine.IntegrityException;
import org.repono.engine.InvalidIdException;
import org.repono.engine.LockTimeoutException;
import org.repono.engine.RepositoryException;
import org.repono.engine.TransactionStateException;

/**
 * Turns the engine's failures into the client API's: applications never see engine classes (they are not on
 * their class path). The engine's message already names the path and the id; the repository's configured name
 * is put in front so that a log line says which connection definition failed.
 */
final class FailureTranslation {

    private FailureTranslation() {
    }

    /** The API failure for {@code e}; anything that is not the engine's passes through unchanged. */
    static RuntimeException translate(String repository, RuntimeException e) {
        if (e instanceof RepositoryFailure || !(e instanceof RepositoryException || e instanceof UncheckedIOException)) {
            return e;
        }
        String message = "repository '" + repository + "': " + e.getMessage();
        if (e instanceof org.repono.engine.ObjectNotFoundException) {
            return new ObjectNotFoundException(message, e);
        }
        if (e instanceof IntegrityException) {
            return new IntegrityFailureException(message, e);
        }
        if (e instanceof LockTimeoutException) {
            return new RepositoryLockedException(message, e);
        }
        if (e instanceof org.repono.engine.ObjectTooLargeException) {
            return new ObjectTooLargeException(message, e);
        }
        if (e instanceof org.repono.engine.AppendOnlyException) {
            return new AppendOnlyException(message, e);
        }
        if (e instanceof InvalidIdException) {
            return new InvalidObjectIdException(message, e);
        }
        if (e instanceof org.repono.engine.StorageQuotaExceededException) {
            return new org.repono.api.StorageQuotaExceededException(message, e);
        }
        if (e instanceof org.repono.engine.InsufficientFreeSpaceException) {
            return new org.repono.api.InsufficientFreeSpaceException(message, e);
        }
        if (e instanceof TransactionStateException) {
            return new RepositoryFailure(message, e);
        }
        // missing or unusable repository, I/O errors, closed engine
        return new RepositoryUnavailableException(message, e);
    }

    /**
     * Whether the failure means the repository itself is unusable (the connection is then reported broken). A full
     * disk or quota is not: the engine rolled the change back and takes the next one.
     */
    static boolean isFatal(RuntimeException translated) {
        return translated instanceof RepositoryUnavailableException;
    }
}
