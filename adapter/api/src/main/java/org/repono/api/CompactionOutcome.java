package org.repono.api;

import java.time.Duration;

/** What a compaction did. */
public record CompactionOutcome(int segmentsRewritten, long objectsMoved, long bytesBefore, long bytesAfter,
                                boolean cancelled, Duration duration) {
    public long bytesFreed() {
        return Math.max(0, bytesBefore - bytesAfter);
    }
}
