package org.repono.engine;

import java.nio.file.Path;

/** create refused: the path exists and is not empty, or lies inside another repository (borg: AlreadyExists, PathAlreadyExists, ParentPathDoesNotExist). */
public class AlreadyExistsException extends RepositoryException {
    public AlreadyExistsException(Path repository, String message) {
        super(repository, message);
    }

    public AlreadyExistsException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
