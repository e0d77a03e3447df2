package org.repono.api;

/** An id that is not 32 bytes / 64 hex characters. */
public class InvalidObjectIdException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public InvalidObjectIdException(String message) {
        super(message);
    }

    public InvalidObjectIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
