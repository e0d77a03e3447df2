package org.repono.engine.format;

import java.nio.file.Path;

/** A repository file (config, hints, integrity, index) does not have the layout borg writes; names the file. */
public class FileFormatException extends IllegalArgumentException {
    private final transient Path file;

    public FileFormatException(Path file, String message) {
        this(file, message, null);
    }

    public FileFormatException(Path file, String message, Throwable cause) {
        super((file == null ? "" : file + ": ") + message, cause);
        this.file = file;
    }

    /** The file concerned, or null when decoding bytes that came from no named file. */
    public Path file() {
        return file;
    }
}
