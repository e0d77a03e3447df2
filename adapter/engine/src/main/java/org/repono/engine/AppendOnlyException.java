package org.repono.engine;

import java.nio.file.Path;

/** The operation would remove data from an append-only repository (compaction, repair, destroy). */
public class AppendOnlyException extends RepositoryException {
    public AppendOnlyException(Path repository, String message) {
        super(repository, message);
    }

    public AppendOnlyException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
