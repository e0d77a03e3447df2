package org.repono.api;

/** Stored bytes failed their checks (CRC, size, key): never wrong bytes instead; the message names segment and offset. */
public class IntegrityFailureException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public IntegrityFailureException(String message) {
        super(message);
    }

    public IntegrityFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
