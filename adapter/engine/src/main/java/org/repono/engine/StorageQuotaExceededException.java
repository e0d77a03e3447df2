package org.repono.engine;

import java.nio.file.Path;

/** The repository's storage_quota would be exceeded: the transaction is doomed and rolled back. */
public class StorageQuotaExceededException extends RepositoryException {
    public StorageQuotaExceededException(Path repository, String message) {
        super(repository, message);
    }

    public StorageQuotaExceededException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
