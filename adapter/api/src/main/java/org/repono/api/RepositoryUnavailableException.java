package org.repono.api;

/** The server could not hand out a connection to the repository; the message says why. */
public class RepositoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RepositoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
