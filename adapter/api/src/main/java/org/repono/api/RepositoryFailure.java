package org.repono.api;

/** Base of every failure a repository connection reports. The message names the repository and the object id. */
public class RepositoryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RepositoryFailure(String message) {
        super(message);
    }

    public RepositoryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
