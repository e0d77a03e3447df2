package org.repono.api;

/** One problem a check found: kind, segment and offset (-1 when none), message, whether repair mended it. */
public record CheckProblemReport(String kind, long segment, long offset, String message, boolean repaired) {
}
