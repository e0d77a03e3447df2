package org.repono.engine.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.log.SegmentFiles;

/**
 * Every entry of an intact repository, read once with the format's scanner, so that a test can say what must
 * be left after some entries are destroyed: the objects a replay of the remaining entries yields.
 */
final class EntryModel {
    /** One entry; data only for PUTs. */
    record Entry(long segment, long offset, int size, int tag, String id, byte[] data) {
        long end() {
            return offset + size;
        }
    }

    final List<Entry> entries = new ArrayList<>();

    EntryModel(Path repo, int segmentsPerDir) {
        SegmentFiles files = new SegmentFiles(repo, segmentsPerDir);
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        for (long segment : files.list()) {
            try (FileChannel ch = FileChannel.open(files.pathOf(segment), StandardOpenOption.READ)) {
                SegmentScanner scanner = SegmentScanner.open(ch, segment);
                while (scanner.next()) {
                    String id = null;
                    byte[] data = null;
                    if (scanner.tag() != SegmentEntry.TAG_COMMIT) {
                        scanner.key(key);
                        id = HexFormat.of().formatHex(key);
                    }
                    if (scanner.tag() == SegmentEntry.TAG_PUT) {
                        data = SegmentScanner.readPut(ch, scanner.offset(), key, segment);
                    }
                    entries.add(new Entry(segment, scanner.offset(), scanner.size(), scanner.tag(), id, data));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    List<Entry> inSegment(long segment) {
        return entries.stream().filter(e -> e.segment() == segment).toList();
    }

    /** Every id ever put or deleted. */
    List<String> ids() {
        return entries.stream().filter(e -> e.id() != null).map(Entry::id).distinct().toList();
    }

    /** id → data after replaying the entries of segments up to {@code lastSegment} that {@code survives} keeps. */
    Map<String, byte[]> replay(long lastSegment, Predicate<Entry> survives) {
        Map<String, byte[]> live = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.segment() > lastSegment || !survives.test(e)) {
                continue;
            }
            if (e.tag() == SegmentEntry.TAG_PUT) {
                live.put(e.id(), e.data());
            } else if (e.tag() == SegmentEntry.TAG_DELETE) {
                live.remove(e.id());
            }
        }
        return live;
    }
}
