package org.repono.engine;

/**
 * One segment file as the hints see it.
 *
 * @param segment        segment number
 * @param fileBytes      size of the file on disk
 * @param liveObjects    PUT entries the index points to (hints "segments")
 * @param freeableBytes  bytes compaction would free (hints "compact")
 */
public record SegmentUsage(long segment, long fileBytes, int liveObjects, long freeableBytes) {
}
