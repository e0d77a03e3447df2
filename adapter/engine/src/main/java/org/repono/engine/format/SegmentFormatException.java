package org.repono.engine.format;

/**
 * A segment file's bytes fail borg's checks. {@link #reason()} is one of the short constants below; the
 * message also names segment and offset. The txn layer maps this to {@code IntegrityException}.
 */
public class SegmentFormatException extends RuntimeException {

    public static final String BAD_MAGIC = "bad magic";
    public static final String SHORT_READ = "short read";
    public static final String BAD_SIZE = "bad size";
    public static final String CRC_MISMATCH = "crc mismatch";
    public static final String BAD_TAG = "bad tag";
    public static final String WRONG_KEY = "wrong key";

    private final long segment;
    private final long offset;
    private final String reason;

    public SegmentFormatException(long segment, long offset, String reason, String detail) {
        super("Segment entry " + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                + " [segment " + segment + ", offset " + offset + "]");
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    public SegmentFormatException(long segment, long offset, String reason, String detail, Throwable cause) {
        this(segment, offset, reason, detail);
        initCause(cause);
    }

    public long segment() {
        return segment;
    }

    /** Byte offset of the entry (its crc field) in the segment file; 0 for a bad magic. */
    public long offset() {
        return offset;
    }

    /** One of {@link #BAD_MAGIC}, {@link #SHORT_READ}, {@link #BAD_SIZE}, {@link #CRC_MISMATCH}, {@link #BAD_TAG}, {@link #WRONG_KEY}. */
    public String reason() {
        return reason;
    }
}
