package org.repono.engine.index;

import java.nio.file.Path;

/**
 * index.N or hints.N cannot be used (borg then deletes it and rebuilds from the segments). {@link #kind()}
 * says what failed, {@link #file()} which file; the txn layer decides whether to replay or to report.
 */
public class IndexFileException extends RuntimeException {

    public enum Kind {
        /** The file does not exist. */
        MISSING,
        /** The file's structure is wrong (magic, sizes, length, msgpack, version). */
        CORRUPT,
        /** integrity.N disagrees with the file, or integrity.N itself is unreadable/unparsable. */
        INTEGRITY_MISMATCH
    }

    private final Kind kind;
    private final transient Path file;

    public IndexFileException(Kind kind, Path file, String detail, Throwable cause) {
        super(describe(kind) + " " + file + (detail == null ? "" : ": " + detail), cause);
        this.kind = kind;
        this.file = file;
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case MISSING -> "missing";
            case CORRUPT -> "corrupted";
            case INTEGRITY_MISMATCH -> "integrity check failed for";
        };
    }

    public Kind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }
}
