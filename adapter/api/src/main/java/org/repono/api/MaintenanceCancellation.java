package org.repono.api;

import java.util.concurrent.atomic.AtomicBoolean;

/** Raised by a caller to stop a running check or compaction at its next safe point. */
public final class MaintenanceCancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
