package org.repono.api;

/** Receives the progress of a check, repair or compaction; called from the working thread, must be quick. */
@FunctionalInterface
public interface MaintenanceProgress {
    MaintenanceProgress NONE = (fraction, bytesDone, bytesTotal) -> { };

    void progress(double fraction, long bytesDone, long bytesTotal);
}
