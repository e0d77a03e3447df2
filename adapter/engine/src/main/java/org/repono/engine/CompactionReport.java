package org.repono.engine;

import java.time.Duration;

/**
 * What a compaction did.
 *
 * @param segmentsRewritten segments whose live entries were copied forward and which were then deleted
 * @param objectsMoved      live PUTs copied
 * @param bytesBefore       segment-file bytes before
 * @param bytesAfter        segment-file bytes after
 * @param cancelled         stopped early at a safe point (what was done so far is committed)
 * @param duration          wall time
 */
public record CompactionReport(int segmentsRewritten, long objectsMoved, long bytesBefore, long bytesAfter,
                               boolean cancelled, Duration duration) {
    public long bytesFreed() {
        return Math.max(0, bytesBefore - bytesAfter);
    }
}
