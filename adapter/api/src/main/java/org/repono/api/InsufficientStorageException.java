package org.repono.api;

/**
 * There is no room for the change: the repository's storage quota or its disk's free space. Nothing was written (the
 * transaction is rolled back); the message says how many bytes were needed and how many were allowed or free.
 * Retrying helps only once someone deleted objects (and compacted), raised the quota or freed disk space. One of
 * {@link StorageQuotaExceededException} and {@link InsufficientFreeSpaceException}.
 */
public abstract class InsufficientStorageException extends RepositoryFailure {
    private static final long serialVersionUID = 1L;

    public InsufficientStorageException(String message) {
        super(message);
    }

    public InsufficientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
