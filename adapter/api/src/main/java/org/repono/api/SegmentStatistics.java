package org.repono.api;

/** One segment file: its number, size, live objects and bytes compaction would free. */
public record SegmentStatistics(long segment, long fileBytes, int liveObjects, long freeableBytes) {
}
