package org.repono.engine.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.repono.engine.InsufficientFreeSpaceException;
import org.repono.engine.IntegrityException;
import org.repono.engine.PreparedBranch;
import org.repono.engine.RepositoryException;
import org.repono.engine.TransactionStateException;
import org.repono.engine.format.ObjectId;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.format.SegmentScanner;
import org.repono.engine.log.SegmentChannels;
import org.repono.engine.log.SegmentFiles;

/**
 * The prepared (XA) branches of a repository: those found on disk at open and those prepared in this session,
 * each claimed by at most one decider at a time (invariant 4).
 */
final class PreparedBranches {
    private static final System.Logger LOG = System.getLogger(PreparedBranches.class.getName());

    /** A prepared branch: its file, and the live transaction that prepared it in this session (or null). */
    static final class Slot {
        final PreparedFiles.Prepared file;
        final StagedTransaction owner;
        private boolean deciding;

        Slot(PreparedFiles.Prepared file, StagedTransaction owner) {
            this.file = file;
            this.owner = owner;
        }
    }

    private final Path path;
    private final PreparedFiles files;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    PreparedBranches(Path path, PreparedFiles files) {
        this.path = path;
        this.files = files;
    }

    /**
     * Lists the branches on disk (keeping this session's own). A branch whose marker DELETE is in a segment
     * written after it was prepared already committed - a crash came between the log commit and the file's
     * removal: it is removed (with the exclusive lock) and never listed, so it never commits twice.
     */
    void load(SegmentFiles segments, SegmentChannels channels, CommittedState state, boolean exclusive) {
        Map<String, Slot> own = new HashMap<>();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (e.getValue().owner != null) {
                own.put(e.getKey(), e.getValue());
            }
        }
        slots.clear();
        slots.putAll(own);
        List<PreparedFiles.Prepared> found = files.scan(exclusive);
        if (found.isEmpty()) {
            return;
        }
        Map<ObjectId, PreparedFiles.Prepared> byMarker = new HashMap<>();
        long from = Long.MAX_VALUE;
        for (PreparedFiles.Prepared p : found) {
            byMarker.put(ObjectId.of(Ids.markerKey(p.xid())), p);
            from = Math.min(from, p.baseTransactionId());
        }
        byte[] key = new byte[SegmentEntry.KEY_SIZE];
        SegmentScanner scanner = null;
        for (long s : segments.list()) {
            if (s <= from || s > state.transactionId) {
                continue;
            }
            try (SegmentChannels.Handle h = channels.acquire(s)) {
                scanner = scanner == null ? SegmentScanner.open(h.channel(), s, false) : scanner.reset(h.channel(), s);
                while (scanner.next()) {
                    if (scanner.tag() != SegmentEntry.TAG_DELETE) {
                        continue;
                    }
                    scanner.key(key);
                    ObjectId marker = ObjectId.of(key);
                    PreparedFiles.Prepared p = byMarker.get(marker);
                    if (p != null && s > p.baseTransactionId()) {
                        byMarker.remove(marker);
                        found.remove(p);
                        // no PUT of a marker ever exists: compaction may drop its DELETE (FORMAT §6.6)
                        state.hints.shadowIndex.computeIfAbsent(marker, x -> new ArrayList<>());
                        if (exclusive) {
                            StateLoader.deleteQuietly(p.file());
                        }
                        LOG.log(Level.INFO, "prepared branch {0} already committed in segment {1}; removed", p.xidHex(), s);
                    }
                }
            } catch (SegmentFormatException e) {
                throw new IntegrityException(path, e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan segment " + s + " of " + path, e);
            }
        }
        for (PreparedFiles.Prepared p : found) {
            slots.putIfAbsent(p.xidHex(), new Slot(p, null));
        }
    }

    /** Writes txn's staged changes durably under xid (invariant 4). */
    PreparedFiles.Prepared prepare(StagedTransaction txn, byte[] xid, long baseTransactionId) {
        if (xid == null || xid.length == 0 || xid.length > PreparedFiles.MAX_XID) {
            throw new IllegalArgumentException("xid must be 1 to " + PreparedFiles.MAX_XID + " bytes, got "
                    + (xid == null ? "null" : xid.length + " bytes"));
        }
        String hex = HexFormat.of().formatHex(xid);
        Slot placeholder = new Slot(null, txn);
        if (slots.putIfAbsent(hex, placeholder) != null) {
            throw new TransactionStateException(path, "a branch with xid " + hex + " is already prepared");
        }
        try {
            PreparedFiles.Prepared file = files.write(xid, txn.staging(), baseTransactionId, Instant.now());
            slots.put(hex, new Slot(file, txn));
            return file;
        } catch (IOException | RuntimeException e) {
            slots.remove(hex, placeholder);
            if (e instanceof RepositoryException re) {
                throw re;
            }
            if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw new InsufficientFreeSpaceException(path, "No space left on device while preparing " + hex, e);
            }
            throw new RepositoryException(path, "cannot prepare branch " + hex + ": " + e, e);
        }
    }

    List<PreparedBranch> list() {
        List<PreparedBranch> out = new ArrayList<>();
        for (Slot slot : slots.values()) {
            PreparedFiles.Prepared p = slot.file;
            if (p != null) {
                out.add(new PreparedBranch(p.xid().clone(), p.prepared(), p.puts(), p.deletes(), p.dataBytes()));
            }
        }
        out.sort((a, b) -> a.prepared().compareTo(b.prepared()));
        return out;
    }

    int count() {
        int n = 0;
        for (Slot slot : slots.values()) {
            if (slot.file != null) {
                n++;
            }
        }
        return n;
    }

    /** Claims the branch for a decision; null when no such branch is prepared (already decided). */
    Slot claim(byte[] xid) {
        if (xid == null) {
            return null;
        }
        Slot slot = slots.get(HexFormat.of().formatHex(xid));
        if (slot == null || slot.file == null) {
            return null;
        }
        synchronized (slot) {
            if (slot.deciding) {
                throw new TransactionStateException(path, "branch " + slot.file.xidHex() + " is being decided by another caller");
            }
            slot.deciding = true;
        }
        return slot;
    }

    /** The decision failed: the branch stays prepared. */
    void release(Slot slot) {
        synchronized (slot) {
            slot.deciding = false;
        }
    }

    /** The branch was decided (its file is gone or going). */
    void decided(Slot slot) {
        slots.remove(slot.file.xidHex(), slot);
    }

    /** Entries of a branch prepared in an earlier session, read back and CRC-checked. */
    Staging entriesOf(Slot slot) {
        try {
            return PreparedFiles.entries(slot.file);
        } catch (IOException e) {
            throw new IntegrityException(path, "prepared branch " + slot.file.xidHex() + " cannot be read back: "
                    + e.getMessage(), e);
        }
    }

    /** Deletes a rolled-back branch's file durably. */
    void deleteFile(Slot slot) {
        try {
            files.delete(slot.file.file());
            SegmentFiles.syncDirectory(files.dir());
        } catch (IOException e) {
            throw new RepositoryException(path, "cannot remove prepared branch " + slot.file.xidHex() + ": " + e, e);
        }
    }
}
