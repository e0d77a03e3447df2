package org.repono.engine.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.repono.engine.Cancellation;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;

/**
 * Reads whole segment files with CRC checks into {@link SegmentReading}s. One per thread (it reuses one
 * scanner and its direct buffer).
 */
final class SegmentReader {
    /** Progress and cancellation are looked at after about this many bytes. */
    private static final long STEP = 4L << 20;

    private final AtomicLong bytesRead;
    private final Cancellation cancellation;
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];
    private SegmentScanner scanner;

    SegmentReader(AtomicLong bytesRead, Cancellation cancellation) {
        this.bytesRead = bytesRead;
        this.cancellation = cancellation;
    }

    /**
     * Reads {@code segment}. With {@code planRecovery} a damaged segment is also scanned for its survivors (the
     * reading then describes the recovered file); without, a damaged segment's entries are dropped.
     */
    SegmentReading read(long segment, Path file, boolean planRecovery) {
        SegmentReading reading = new SegmentReading(segment);
        long reported = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            reading.fileSize = ch.size();
            scanner = scanner == null ? SegmentScanner.open(ch, segment) : scanner.reset(ch, segment);
            long unreported = 0;
            try {
                while (scanner.next()) {
                    int tag = scanner.tag();
                    if (tag != SegmentEntry.TAG_COMMIT) {
                        scanner.key(key);
                    }
                    reading.add(tag, scanner.offset(), scanner.size(), key, 0);
                    reading.verified++;
                    unreported += scanner.size();
                    if (unreported >= STEP) {
                        bytesRead.addAndGet(unreported);
                        reported += unreported;
                        unreported = 0;
                        if (cancellation.isCancelled()) {
                            reading.cancelled = true;
                            return reading;
                        }
                    }
                }
            } catch (SegmentFormatException e) {
                reading.fail(ProblemKind.of(e), e.offset(), e.getMessage());
                reading.dropEntries();
                if (planRecovery) {
                    reading.survivors = SegmentSurvivors.scan(ch, reading.fileSize, reading, cancellation);
                    reading.cancelled = reading.survivors == null;
                }
            }
            bytesRead.addAndGet(reading.fileSize - reported);
        } catch (NoSuchFileException e) {
            reading.fail(ProblemKind.SEGMENT_MISSING, -1, "segment file " + file + " vanished while checking");
        } catch (IOException | UncheckedIOException e) {
            reading.fail(ProblemKind.UNREADABLE, -1, "cannot read segment " + segment + " (" + file + "): " + e.getMessage());
            reading.dropEntries();
        }
        return reading;
    }
}
