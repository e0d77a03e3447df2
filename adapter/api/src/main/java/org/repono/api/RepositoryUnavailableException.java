package org.repono.api;

/**
 * The repository cannot be used now (closed, failed, I/O error); the message says why. A full disk or an exceeded
 * quota is an {@link InsufficientStorageException} instead.
 */
public class RepositoryUnavailableException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public RepositoryUnavailableException(String message) {
        super(message);
    }

    public RepositoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
