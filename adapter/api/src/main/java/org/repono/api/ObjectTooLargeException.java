package org.repono.api;

/** Object data over borg's limit of 20971479 bytes. */
public class ObjectTooLargeException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public ObjectTooLargeException(String message) {
        super(message);
    }

    public ObjectTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
