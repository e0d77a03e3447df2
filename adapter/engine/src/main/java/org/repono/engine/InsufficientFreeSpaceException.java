package org.repono.engine;

import java.nio.file.Path;

/** The disk lacks the space borg 1.2.4 requires before a commit, or a write hit ENOSPC: the transaction is rolled back. */
public class InsufficientFreeSpaceException extends RepositoryException {
    public InsufficientFreeSpaceException(Path repository, String message) {
        super(repository, message);
    }

    public InsufficientFreeSpaceException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
