package org.repono.engine;

import java.nio.file.Path;

/** A transaction or repository used in a state that does not allow the call (closed, already committed, prepared, repair running). */
public class TransactionStateException extends RepositoryException {
    public TransactionStateException(Path repository, String message) {
        super(repository, message);
    }

    public TransactionStateException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
