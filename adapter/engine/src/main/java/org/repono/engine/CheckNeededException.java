package org.repono.engine;

import java.nio.file.Path;

/** The repository is inconsistent in a way only check --repair can mend (borg: CheckNeeded). */
public class CheckNeededException extends IntegrityException {
    public CheckNeededException(Path repository, String message) {
        super(repository, message);
    }

    public CheckNeededException(Path repository, String message, Throwable cause) {
        super(repository, message, cause);
    }
}
