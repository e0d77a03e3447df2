package org.repono.api;

/** The change would take the repository over its {@code storage_quota} (borg's config): refused, nothing written. */
public class StorageQuotaExceededException extends InsufficientStorageException {
    private static final long serialVersionUID = 1L;

    public StorageQuotaExceededException(String message) {
        super(message);
    }

    public StorageQuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
