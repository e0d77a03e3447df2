package org.repono.engine;

import java.nio.file.Path;

/** The path names nothing (borg: Repository.DoesNotExist). */
public class DoesNotExistException extends RepositoryException {
    public DoesNotExistException(Path repository, String message) {
        super(repository, message);
    }

    public DoesNotExistException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
