package org.repono.engine;

import java.nio.file.Path;

/** Stored bytes fail their checks (CRC, size, tag, key): the message names segment and offset. Never wrong bytes instead. */
public class IntegrityException extends RepositoryException {
    public IntegrityException(Path repository, String message) {
        super(repository, message);
    }

    public IntegrityException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
