package org.repono.engine;

import java.nio.file.Path;

/** The path is not a borg repository, or its config is unusable (borg: InvalidRepository, InvalidRepositoryConfig). */
public class InvalidRepositoryException extends RepositoryException {
    public InvalidRepositoryException(Path repository, String message) {
        super(repository, message);
    }

    public InvalidRepositoryException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
