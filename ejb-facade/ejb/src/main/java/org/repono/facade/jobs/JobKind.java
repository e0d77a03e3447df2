package org.repono.facade.jobs;

import java.util.Locale;
import java.util.Optional;

/** What a maintenance job does; {@link #word()} is its name in the REST API and the job files. */
public enum JobKind {
    CHECK,
    REPAIR,
    COMPACT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobKind> of(String word) {
        for (JobKind kind : values()) {
            if (kind.word().equals(word)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Check and repair read every segment; their newest one is the repository's "last check". */
    public boolean checks() {
        return this != COMPACT;
    }
}
