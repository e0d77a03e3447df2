package org.repono.engine;

import java.nio.file.Path;

/** The repository's borg lock is held by someone else and did not come free in the wait allowed (borg: LockTimeout). */
public class LockTimeoutException extends RepositoryException {
    public LockTimeoutException(Path repository, String message) {
        super(repository, message);
    }

    public LockTimeoutException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
