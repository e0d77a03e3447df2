package org.repono.engine.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.repono.engine.HeuristicDecision;
import org.repono.engine.RepositoryException;
import org.repono.engine.format.DurableFiles;
import org.repono.engine.log.SegmentFiles;

/**
 * Operators' decisions on prepared branches, remembered until forgotten: {@code repono/prepared/<xid-hex>.decision}
 * next to the branch's {@code .txn} file (outside {@code data/}, where borg neither reads nor deletes). A record is
 * written (temporary name, fsync, rename, directory fsync) before the decision is carried out, so that a decision
 * is never carried out without being remembered; a record whose branch is still prepared is a decision not yet
 * carried out (the process stopped, or the commit failed, in between). Layout, little endian:
 * <pre>
 *   "REPONOXD" | version u32 (1) | committed u8 | decided epoch-ms u64 | xid length u32 | xid | CRC32 of all before u32
 * </pre>
 */
final class HeuristicDecisions {
    private static final System.Logger LOG = System.getLogger(HeuristicDecisions.class.getName());
    private static final byte[] MAGIC = "REPONOXD".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int FIXED = 8 + 4 + 1 + 8 + 4;
    static final String SUFFIX = ".decision";

    private final Path repository;
    private final Path dir;
    private final Map<String, HeuristicDecision> byXid = new ConcurrentHashMap<>();

    HeuristicDecisions(Path repository, Path dir) {
        this.repository = repository;
        this.dir = dir;
    }

    /** Reads every record (a damaged one is left on disk, logged and not listed); removes leftover temporaries. */
    void load(boolean removeTemporaries) {
        byXid.clear();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.contains(SUFFIX + "-") && name.endsWith(".tmp")) { // DurableFiles' temporaries
                    if (removeTemporaries) {
                        Files.deleteIfExists(p);
                    }
                } else if (name.endsWith(SUFFIX)) {
                    HeuristicDecision d = read(p);
                    if (d == null) {
                        LOG.log(Level.ERROR, "damaged heuristic decision record {0} is ignored; its branch''s"
                                + " transaction manager will not hear of the decision", p);
                    } else {
                        byXid.put(HexFormat.of().formatHex(d.xid()), d);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the heuristic decisions in " + dir, e);
        }
    }

    private static HeuristicDecision read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < FIXED + 1 + 4) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            if (!Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length) || in.getInt(8) != VERSION) {
                return null;
            }
            int xidLength = in.getInt(21);
            if (xidLength < 1 || xidLength > PreparedFiles.MAX_XID || all.length != FIXED + xidLength + 4) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 4);
            if ((int) crc.getValue() != in.getInt(all.length - 4)) {
                return null;
            }
            byte[] xid = Arrays.copyOfRange(all, FIXED, FIXED + xidLength);
            if (!file.getFileName().toString().equals(HexFormat.of().formatHex(xid) + SUFFIX)) {
                return null;
            }
            return new HeuristicDecision(xid, all[12] == 1, Instant.ofEpochMilli(in.getLong(13)));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read heuristic decision record {0}: {1}", file, e.toString());
            return null;
        }
    }

    Optional<HeuristicDecision> get(byte[] xid) {
        HeuristicDecision d = byXid.get(HexFormat.of().formatHex(xid));
        return d == null ? Optional.empty() : Optional.of(copy(d));
    }

    List<HeuristicDecision> list() {
        List<HeuristicDecision> out = new ArrayList<>();
        for (HeuristicDecision d : byXid.values()) {
            out.add(copy(d));
        }
        out.sort((a, b) -> a.decided().compareTo(b.decided()));
        return out;
    }

    private static HeuristicDecision copy(HeuristicDecision d) {
        return new HeuristicDecision(d.xid().clone(), d.committed(), d.decided());
    }

    /** Writes the record durably before returning. */
    void record(byte[] xid, boolean committed) {
        String hex = HexFormat.of().formatHex(xid);
        Path file = dir.resolve(hex + SUFFIX);
        Instant when = Instant.ofEpochMilli(System.currentTimeMillis());
        ByteBuffer out = ByteBuffer.allocate(FIXED + xid.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).put((byte) (committed ? 1 : 0)).putLong(when.toEpochMilli())
                .putInt(xid.length).put(xid);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        try {
            Files.createDirectories(dir);
            DurableFiles.replaceAtomically(file, out.array());
        } catch (IOException | UncheckedIOException e) {
            throw new RepositoryException(repository, "cannot record the decision on branch " + hex
                    + ", nothing was decided: " + e, e);
        }
        byXid.put(hex, new HeuristicDecision(xid.clone(), committed, when));
    }

    /** Removes the record durably; false when there was none. */
    boolean forget(byte[] xid) {
        String hex = HexFormat.of().formatHex(xid);
        if (!byXid.containsKey(hex)) {
            return false;
        }
        try {
            Files.deleteIfExists(dir.resolve(hex + SUFFIX));
            SegmentFiles.syncDirectory(dir);
        } catch (IOException e) {
            throw new RepositoryException(repository, "cannot forget the decision on branch " + hex + ": " + e, e);
        }
        byXid.remove(hex);
        return true;
    }
}
