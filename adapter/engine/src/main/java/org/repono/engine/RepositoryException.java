package org.repono.engine;

import java.nio.file.Path;

/** Base of every failure the engine reports; the message names the repository and what was wrong. */
public class RepositoryException extends RuntimeException {
    private final transient Path repository;

    public RepositoryException(Path repository, String message) {
        this(repository, message, null);
    }

    public RepositoryException(Path repository, String message, Throwable cause) {
        super(repository == null ? message : message + " (repository " + repository + ")", cause);
        this.repository = repository;
    }

    /** The repository the failure concerns, or null when none could be named. */
    public Path repository() {
        return repository;
    }
}
