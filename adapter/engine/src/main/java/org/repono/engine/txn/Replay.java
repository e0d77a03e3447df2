package org.repono.engine.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.repono.engine.CheckNeededException;
import org.repono.engine.IntegrityException;
import org.repono.engine.ProgressListener;
import org.repono.engine.format.Hints;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.index.HashIndex;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;

/**
 * borg's replay_segments / _update_index (FORMAT §6.2): brings an index and hints forward over the committed
 * segments after a checkpoint, reading every entry with its CRC. Also borg's _rebuild_sparse for version-1 hints.
 */
final class Replay {
    private final Path repository;
    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final HashIndex index;
    private final Hints hints;
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];

    Replay(Path repository, SegmentFiles files, SegmentChannels channels, HashIndex index, Hints hints) {
        this.repository = repository;
        this.files = files;
        this.channels = channels;
        this.index = index;
        this.hints = hints;
    }

    /**
     * Replays every segment s with {@code from < s ≤ to} (from = -1: from scratch), ascending.
     *
     * @return log bytes replayed
     */
    long run(long from, long to, ProgressListener progress) {
        long[] all = files.list();
        long total = 0;
        for (long s : all) {
            if (s > from && s <= to) {
                total += Math.max(0, files.size(s));
            }
        }
        long done = 0;
        SegmentScanner scanner = null;
        for (long s : all) {
            if (s <= from || s > to) {
                continue;
            }
            try (SegmentChannels.Handle h = channels.acquire(s)) {
                scanner = scanner == null ? SegmentScanner.open(h.channel(), s, true) : scanner.reset(h.channel(), s);
                replaySegment(scanner, s);
                done += h.channel().size();
            } catch (SegmentFormatException e) {
                throw new IntegrityException(repository, e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replay segment " + s + " of " + repository, e);
            }
            progress.progress("replay", total == 0 ? 1.0 : Math.min(1.0, (double) done / total), done, total);
        }
        return done;
    }

    private void replaySegment(SegmentScanner scanner, long s) throws IOException {
        int seg = Math.toIntExact(s);
        hints.segments.put(seg, 0);
        while (scanner.next()) {
            int tag = scanner.tag();
            if (tag == SegmentEntry.TAG_PUT) {
                scanner.key(key);
                long old = index.get(key);
                if (old != HashIndex.NOT_FOUND) {
                    int olds = HashIndex.segment(old);
                    hints.compact.merge(olds, (long) scanner.size(), Long::sum);
                    hints.segments.merge(olds, -1, Integer::sum);
                    if (files.exists(Integer.toUnsignedLong(olds))) {
                        // a PUT without a DELETE before it is a compaction's copy, replayed because the compaction
                        // was stopped before its checkpoint: the original stays on disk until a compaction takes its
                        // segment, and a later DELETE of the key must stay while it does (invariant 5)
                        List<Integer> shadowed = hints.shadowIndex.computeIfAbsent(ObjectId.of(key), x -> new ArrayList<>());
                        if (!shadowed.contains(olds)) {
                            shadowed.add(olds);
                        }
                    }
                }
                index.put(key, seg, (int) scanner.offset());
                hints.segments.merge(seg, 1, Integer::sum);
                hints.storageQuotaUse += scanner.size();
            } else if (tag == SegmentEntry.TAG_DELETE) {
                scanner.key(key);
                long old = index.remove(key);
                if (old != HashIndex.NOT_FOUND) {
                    long olds = Integer.toUnsignedLong(HashIndex.segment(old));
                    if (files.exists(olds)) {
                        // as the live commit records it: without the entry, a later delete of the key starts an
                        // incomplete one and compaction drops DELETEs whose older PUT survives (borg#6687)
                        hints.shadowIndex.computeIfAbsent(ObjectId.of(key), x -> new ArrayList<>()).add((int) olds);
                        hints.segments.merge((int) olds, -1, Integer::sum);
                        hints.compact.merge((int) olds, (long) entrySize(olds, Integer.toUnsignedLong(HashIndex.offset(old))),
                                Long::sum);
                    }
                }
            } else if (tag != SegmentEntry.TAG_COMMIT) {
                throw new CheckNeededException(repository, "Unexpected tag " + tag + " in segment " + s);
            }
        }
        if (hints.segments.get(seg) == 0) {
            hints.compact.put(seg, files.size(s));
        }
    }

    private int entrySize(long s, long offset) throws IOException {
        try (SegmentChannels.Handle h = channels.acquire(s)) {
            return SegmentScanner.readPutSize(h.channel(), offset, key, s);
        } catch (SegmentFormatException e) {
            throw new IntegrityException(repository, e.getMessage(), e);
        }
    }

    /** borg's _rebuild_sparse for every segment of a version-1 hints file, in ascending order. */
    void rebuildSparse(Iterable<Integer> segments) {
        SegmentScanner scanner = null;
        for (int seg : segments) {
            long size = files.size(seg);
            if (size < 0) {
                hints.segments.remove(seg);
                continue;
            }
            Integer refs = hints.segments.get(seg);
            if (refs != null && refs == 0) {
                hints.compact.put(seg, size);
                continue;
            }
            hints.compact.put(seg, 0L);
            try (SegmentChannels.Handle h = channels.acquire(seg)) {
                scanner = scanner == null ? SegmentScanner.open(h.channel(), seg, false) : scanner.reset(h.channel(), seg);
                while (scanner.next()) {
                    if (scanner.tag() == SegmentEntry.TAG_PUT) {
                        scanner.key(key);
                        if (index.get(key) != HashIndex.pack(seg, (int) scanner.offset())) {
                            hints.compact.merge(seg, (long) scanner.size(), Long::sum);
                        }
                    } else if (scanner.tag() == SegmentEntry.TAG_DELETE) {
                        hints.compact.merge(seg, (long) scanner.size(), Long::sum);
                    }
                }
            } catch (SegmentFormatException e) {
                throw new IntegrityException(repository, e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read segment " + seg + " of " + repository, e);
            }
        }
    }
}
