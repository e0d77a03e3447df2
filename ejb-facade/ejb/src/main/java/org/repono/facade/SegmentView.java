package org.repono.facade;

/** One segment file: number, size on disk, live objects and the bytes compaction would free. */
public record SegmentView(long segment, long fileBytes, int liveObjects, long freeableBytes) {
}
