package org.repono.engine.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reading or writing a repository file failed at the operating-system level; names the file and the step. */
public class FileAccessException extends UncheckedIOException {
    private final transient Path file;

    public FileAccessException(Path file, String what, IOException cause) {
        super("cannot " + what + " " + file + ": " + cause, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
