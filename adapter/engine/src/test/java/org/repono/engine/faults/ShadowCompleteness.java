package org.repono.engine.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.log.SegmentFiles;

/**
 * Invariant 5's precondition, read from disk: every PUT still in a segment that the index no longer points at (an
 * overwritten or deleted object's old data) is listed in the checkpoint's shadow index under its key. A compaction
 * keeps a DELETE only while the shadow index shows an older PUT it shadows; one missing entry and a later
 * compaction may drop the DELETE while the old PUT survives, and the next index rebuild resurrects the object.
 */
final class ShadowCompleteness {
    private ShadowCompleteness() {
    }

    /** Null when complete, else the first few superseded PUTs the shadow index does not list. */
    static String violations(Path repo) {
        long tid = IndexFiles.newestIndexTransaction(repo);
        if (tid < 0) {
            return null;
        }
        HashIndex index = IndexFiles.readIndex(repo, tid).index();
        Hints hints = IndexFiles.readHints(repo, tid).hints();
        SegmentFiles files = new SegmentFiles(repo, 1000);
        StringBuilder sb = new StringBuilder();
        int found = 0;
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        for (long s : files.list()) {
            if (s > tid) {
                break;
            }
            try (FileChannel ch = FileChannel.open(files.pathOf(s), StandardOpenOption.READ)) {
                SegmentScanner scanner = SegmentScanner.open(ch, s, false);
                while (scanner.next()) {
                    if (scanner.tag() != SegmentEntry.TAG_PUT) {
                        continue;
                    }
                    scanner.key(key);
                    if (index.get(key) == HashIndex.pack((int) s, (int) scanner.offset())) {
                        continue;
                    }
                    List<Integer> shadowed = hints.shadowIndex.get(ObjectId.of(key));
                    if (shadowed == null || !shadowed.contains((int) s)) {
                        if (found++ < 5) {
                            sb.append("\n  ").append(HexFormat.of().formatHex(key)).append(" superseded PUT in segment ")
                                    .append(s).append(" at ").append(scanner.offset()).append(index.get(key) == HashIndex.NOT_FOUND
                                            ? " (deleted)" : " (overwritten)").append(", shadow index lists ").append(shadowed);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found == 0 ? null : found + " superseded PUTs missing from the shadow index of hints." + tid + ":" + sb;
    }
}
