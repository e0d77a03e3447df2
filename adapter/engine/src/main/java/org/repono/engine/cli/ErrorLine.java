package org.repono.engine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.repono.engine.RepositoryException;

/**
 * The one line a failed command prints on stderr ({@code repono: <what was wrong>}) and its exit code.
 * Operators read the line, scripts the exit code; stack traces only with {@code --debug}.
 */
public record ErrorLine(int exitCode, String text) {

    public static ErrorLine of(Throwable failure) {
        Throwable t = failure;
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        return new ErrorLine(ExitCode.ERROR, "repono: " + oneLine(describe(t)));
    }

    private static String describe(Throwable t) {
        if (t instanceof RepositoryException r) {
            return withoutRepeatedPath(message(t), r.repository());
        }
        if (t instanceof IllegalArgumentException) {
            return message(t);
        }
        if (t instanceof FileSystemException f) {
            String file = f.getFile();
            String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
            String reason = f.getReason() == null ? "" : ": " + f.getReason();
            if (t instanceof NoSuchFileException) {
                return file + other + ": no such file or directory";
            }
            if (t instanceof AccessDeniedException) {
                return file + other + ": permission denied";
            }
            if (t instanceof FileAlreadyExistsException) {
                return file + other + ": already exists";
            }
            if (t instanceof NotDirectoryException) {
                return file + ": not a directory";
            }
            if (t instanceof DirectoryNotEmptyException) {
                return file + ": directory not empty";
            }
            return file + other + reason;
        }
        if (t instanceof IOException) {
            return "I/O error: " + message(t);
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (raise the JVM's -Xmx): " + message(t);
        }
        if (t instanceof UnsupportedOperationException) {
            return "not supported: " + message(t);
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    /** Drops the engine's " (repository P)" suffix where the message names P already: one line, said once. */
    private static String withoutRepeatedPath(String message, java.nio.file.Path repository) {
        if (repository == null) {
            return message;
        }
        String suffix = " (repository " + repository + ")";
        if (message.endsWith(suffix)) {
            String rest = message.substring(0, message.length() - suffix.length());
            if (rest.contains(repository.toString())) {
                return rest;
            }
        }
        return message;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
