package org.repono.engine;

import java.nio.file.Path;

/** Object data longer than borg's MAX_DATA_SIZE (20971479 bytes): refused before anything is written. */
public class ObjectTooLargeException extends RepositoryException {
    public ObjectTooLargeException(Path repository, String message) {
        super(repository, message);
    }

    public ObjectTooLargeException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
