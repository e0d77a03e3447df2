package org.repono.api;

/** A maintenance job already runs on this repository, or a repair needs the repository to itself. */
public class MaintenanceBusyException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public MaintenanceBusyException(String message) {
        super(message);
    }

    public MaintenanceBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
