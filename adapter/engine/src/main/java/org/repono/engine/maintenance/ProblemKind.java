package org.repono.engine.maintenance;

import org.repono.engine.format.SegmentFormatException;

/** The {@link org.repono.engine.CheckProblem#kind()} values check and repair report. */
public final class ProblemKind {
    /** An entry's CRC32 does not match its bytes. */
    public static final String CRC_MISMATCH = "crc-mismatch";
    /** An entry's size field is out of bounds (too big, or too small for its tag). */
    public static final String BAD_SIZE = "bad-size";
    /** An entry's tag is not PUT, DELETE or COMMIT. */
    public static final String BAD_TAG = "bad-tag";
    /** The file ends inside an entry (torn or truncated). */
    public static final String SHORT_READ = "short-read";
    /** The file does not start with "BORG_SEG". */
    public static final String BAD_MAGIC = "bad-magic";
    /** The segment file cannot be read at all (I/O error). */
    public static final String UNREADABLE = "segment-unreadable";
    /** No committed segment: the newest transaction has no COMMIT. */
    public static final String MISSING_COMMIT = "missing-commit";
    /** A segment that the hints or the index know of is not on disk. */
    public static final String SEGMENT_MISSING = "segment-missing";
    /** Committed index and rebuilt index hold different numbers of objects (borg: "Index object count mismatch"). */
    public static final String INDEX_COUNT_MISMATCH = "index-count-mismatch";
    /** One id is located differently (or only) in one of committed and rebuilt index. */
    public static final String INDEX_ENTRY_MISMATCH = "index-entry-mismatch";
    /** No index.N although there are committed segments. */
    public static final String INDEX_MISSING = "index-missing";
    /** index.N cannot be read (layout, length, header count). */
    public static final String INDEX_CORRUPT = "index-corrupt";
    /** index.N belongs to a transaction newer than the newest commit. */
    public static final String INDEX_AHEAD = "index-ahead";
    /** hints.N is absent beside index.N. */
    public static final String HINTS_MISSING = "hints-missing";
    /** hints.N cannot be decoded. */
    public static final String HINTS_CORRUPT = "hints-corrupt";
    /** hints.N disagrees with the rebuild (segment reference counts). */
    public static final String HINTS_MISMATCH = "hints-mismatch";
    /** integrity.N is absent beside index.N. */
    public static final String INTEGRITY_MISSING = "integrity-missing";
    /** integrity.N cannot be decoded or lacks an entry borg needs. */
    public static final String INTEGRITY_CORRUPT = "integrity-corrupt";
    /** A digest in integrity.N does not match index.N or hints.N. */
    public static final String INTEGRITY_MISMATCH = "integrity-mismatch";
    /** Neither a segment nor an index: nothing to check (borg: "This repository contains no valid data."). */
    public static final String NO_DATA = "no-data";
    /** The repair removed an uncommitted segment (kept as evidence). */
    public static final String UNCOMMITTED_SEGMENT = "uncommitted-segment";

    private ProblemKind() {
    }

    /** The kind for a scanner failure. */
    static String of(SegmentFormatException e) {
        return switch (e.reason()) {
            case SegmentFormatException.BAD_MAGIC -> BAD_MAGIC;
            case SegmentFormatException.SHORT_READ -> SHORT_READ;
            case SegmentFormatException.BAD_SIZE -> BAD_SIZE;
            case SegmentFormatException.BAD_TAG -> BAD_TAG;
            case SegmentFormatException.CRC_MISMATCH -> CRC_MISMATCH;
            default -> e.reason().replace(' ', '-');
        };
    }
}
