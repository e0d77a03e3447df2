package org.repono.api;

/** The repository is append-only: deleting data, repair and compaction are refused. */
public class AppendOnlyException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public AppendOnlyException(String message) {
        super(message);
    }

    public AppendOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
