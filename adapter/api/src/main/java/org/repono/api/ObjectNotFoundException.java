package org.repono.api;

/** No object with this id (as the caller's transaction sees the repository). */
public class ObjectNotFoundException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String message) {
        super(message);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
