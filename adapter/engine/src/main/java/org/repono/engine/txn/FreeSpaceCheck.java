package org.repono.engine.txn;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.Map;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.format.Hints;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.log.SegmentFiles;

/** borg 1.2.4's check_free_space before a commit (FORMAT §6.10), plus the bytes the batch is about to write. */
final class FreeSpaceCheck {
    private FreeSpaceCheck() {
    }

    /** Bytes borg requires to be free before a commit. */
    static long required(long indexFileSize, Hints hints, long additionalFreeSpace, boolean appendOnly,
                         long maxSegmentSize, SegmentFiles files) {
        long required = indexFileSize * 4;
        required += hints.segments.size() * 10L + hints.compact.size() * 10L + 4096;
        required += additionalFreeSpace;
        if (!appendOnly) {
            long fullSegment = maxSegmentSize + SegmentEntry.MAX_OBJECT_SIZE;
            if (hints.compact.size() < 10) {
                long working = 0;
                for (Map.Entry<Integer, Long> e : hints.compact.entrySet()) {
                    long size = files.size(e.getKey());
                    if (size >= 0) {
                        working += size - e.getValue();
                    }
                }
                required += Math.min(working, fullSegment);
            } else {
                required += fullSegment;
            }
        }
        return required;
    }

    /** Throws when fewer than {@code required} bytes are free; an unreadable free-space figure passes (as borg). */
    static void require(Path repository, FileStore store, long required) {
        if (store == null) {
            return;
        }
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            return;
        }
        if (free < required) {
            throw new InsufficientFreeSpaceException(repository, "Insufficient free space to complete transaction (required: "
                    + required + " bytes, available: " + free + " bytes)");
        }
    }
}
