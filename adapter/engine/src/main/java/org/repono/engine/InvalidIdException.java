package org.repono.engine;

import java.nio.file.Path;

/** An object id that is not exactly 32 bytes (64 hex characters). */
public class InvalidIdException extends RepositoryException {
    public InvalidIdException(Path repository, String message) {
        super(repository, message);
    }

    public InvalidIdException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
