package org.repono.api;

/** The repository's lock is held by someone else (borg, another server, a repair running). */
public class RepositoryLockedException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public RepositoryLockedException(String message) {
        super(message);
    }

    public RepositoryLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
