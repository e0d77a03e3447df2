package org.repono.engine;

/**
 * One problem check found.
 *
 * @param kind    e.g. "crc-mismatch", "bad-size", "bad-tag", "short-read", "missing-commit", "index-count-mismatch",
 *                "index-entry-mismatch", "index-missing", "index-corrupt", "hints-mismatch", "integrity-mismatch",
 *                "segment-missing", "bad-magic"
 * @param segment segment number, or -1 when the problem is not in a segment
 * @param offset  byte offset in the segment (or file), or -1
 * @param message what was found, for people
 * @param repaired whether repair mended it
 */
public record CheckProblem(String kind, long segment, long offset, String message, boolean repaired) {
}
