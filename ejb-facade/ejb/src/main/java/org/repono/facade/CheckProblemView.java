package org.repono.facade;

/** One problem a check found: kind, segment and offset (-1 when none), what, and whether repair mended it. */
public record CheckProblemView(String kind, long segment, long offset, String message, boolean repaired) {
}
