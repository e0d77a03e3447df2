package org.repono.engine.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;

/**
 * Segment files at or below the checkpoint that the hints do not list. Only a compaction stopped between writing
 * its checkpoint and deleting the segments it emptied leaves them; left alone, nothing would ever reclaim them and
 * the hints would disagree with the segments for good. Each is taken back into the hints with borg's
 * _rebuild_sparse rule (live PUTs counted against the index, the rest freeable, the whole file when nothing in it is
 * live) and its PUT bytes added to the quota use, so the next compaction removes it by the usual rules (its DELETEs
 * still pass the shadow-index test: nothing is dropped unexamined).
 */
final class UnlistedSegments {
    private static final System.Logger LOG = System.getLogger(UnlistedSegments.class.getName());

    private UnlistedSegments() {
    }

    /** Adopts every unlisted segment numbered up to {@code upTo}; returns how many there were. */
    static int adopt(Path repository, SegmentFiles files, SegmentChannels channels, HashIndex index, Hints hints, long upTo) {
        int adopted = 0;
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        SegmentScanner scanner = null;
        for (long s : files.list()) {
            if (s > upTo) {
                break;
            }
            int seg = (int) s;
            long size = files.size(s);
            if (hints.segments.containsKey(seg) || size <= 0) {
                continue;
            }
            int live = 0;
            long freeable = 0;
            long putBytes = 0;
            try (SegmentChannels.Handle h = channels.acquire(s)) {
                scanner = scanner == null ? SegmentScanner.open(h.channel(), s, false) : scanner.reset(h.channel(), s);
                while (scanner.next()) {
                    if (scanner.tag() == SegmentEntry.TAG_PUT) {
                        scanner.key(key);
                        putBytes += scanner.size();
                        if (index.get(key) == HashIndex.pack(seg, (int) scanner.offset())) {
                            live++;
                        } else {
                            freeable += scanner.size();
                            // the compaction that emptied it took this PUT out of the shadow index; while the PUT
                            // is on disk again, a DELETE of its key must stay (invariant 5), so it goes back in
                            List<Integer> shadowed = hints.shadowIndex.computeIfAbsent(ObjectId.of(key), x -> new ArrayList<>());
                            if (!shadowed.contains(seg)) {
                                shadowed.add(seg);
                            }
                        }
                    } else if (scanner.tag() == SegmentEntry.TAG_DELETE) {
                        freeable += scanner.size();
                    }
                }
            } catch (SegmentFormatException e) {
                LOG.log(Level.WARNING, "unlisted segment {0} is damaged ({1}); taken back as wholly freeable", s, e.getMessage());
                live = 0;
                putBytes = 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read segment " + s + " of " + repository, e);
            }
            hints.segments.put(seg, live);
            hints.compact.put(seg, live == 0 ? size : freeable);
            hints.storageQuotaUse += putBytes;
            adopted++;
            LOG.log(Level.WARNING, "segment {0} was not in the hints (a compaction stopped before deleting it); taken back"
                    + " with {1} live objects and {2} freeable bytes", s, live, live == 0 ? size : freeable);
        }
        return adopted;
    }
}
