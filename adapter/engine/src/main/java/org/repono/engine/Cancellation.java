package org.repono.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a caller raises to stop long work at its next safe point; the work then ends without harm. */
public final class Cancellation {
    public static final Cancellation NEVER = new Cancellation();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this != NEVER) {
            cancelled.set(true);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
