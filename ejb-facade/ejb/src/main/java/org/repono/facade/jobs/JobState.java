package org.repono.facade.jobs;

import java.util.Locale;

/** Where a job is in its life; {@link #word()} is its name in the REST API and the job files. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState of(String word) {
        for (JobState state : values()) {
            if (state.word().equals(word)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + word + "'");
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
