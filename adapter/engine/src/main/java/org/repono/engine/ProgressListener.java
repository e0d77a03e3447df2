package org.repono.engine;

/**
 * Receives the progress of long work (replay, check, repair, compaction). Called from the working
 * thread; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, fraction, bytesDone, bytesTotal) -> { };

    /**
     * @param phase      what is being done, e.g. "replay", "check", "repair", "compact"
     * @param fraction   0 to 1
     * @param bytesDone  bytes processed so far
     * @param bytesTotal bytes to process in all (0 when unknown)
     */
    void progress(String phase, double fraction, long bytesDone, long bytesTotal);
}
