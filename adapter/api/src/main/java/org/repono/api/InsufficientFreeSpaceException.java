package org.repono.api;

/**
 * The repository's file system lacks the free space borg 1.2.4 requires before a commit (the index, hints and
 * {@code additional_free_space} of its config), or a write hit "no space left on device": the change was rolled back
 * and its partial files removed. The repository itself stays usable.
 */
public class InsufficientFreeSpaceException extends InsufficientStorageException {
    private static final long serialVersionUID = 1L;

    public InsufficientFreeSpaceException(String message) {
        super(message);
    }

    public InsufficientFreeSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
