package org.repono.engine.txn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.repono.engine.log.SegmentFiles;

/**
 * Prepared (XA) branches on disk: {@code <repo>/repono/prepared/<xid-hex>.txn}, outside {@code data/} so borg
 * neither reads nor deletes them (invariant 4). Layout, little endian:
 * <pre>
 *   header : "REPONOXA" | version u32 (1) | header length u32 | prepared epoch-ms u64 | base tid i64
 *            | puts u32 | deletes u32 | data bytes u64 | xid length u32 | xid | header CRC32 u32
 *   entries: segment entries exactly as they will be appended to the log (each with its own CRC)
 *   trailer: "REPONOXE" | entries end u64 | CRC32 of the trailer's first 16 bytes u32
 * </pre>
 * A file without a valid trailer and header CRC is torn (prepare never returned) and is ignored. Written under
 * a temporary name, fsync'ed, renamed, directory fsync'ed: the name appears only when the content is durable.
 */
final class PreparedFiles {
    private static final System.Logger LOG = System.getLogger(PreparedFiles.class.getName());
    private static final byte[] MAGIC = "REPONOXA".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER_MAGIC = "REPONOXE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int FIXED_HEADER = 52;
    private static final int TRAILER = 20;
    static final String SUFFIX = ".txn";
    static final int MAX_XID = 1024;

    /** A valid prepared file. */
    record Prepared(Path file, byte[] xid, Instant prepared, long baseTransactionId, int puts, int deletes,
                    long dataBytes, long entriesStart, long entriesEnd) {
        String xidHex() {
            return HexFormat.of().formatHex(xid);
        }
    }

    private final Path dir;

    PreparedFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path fileOf(byte[] xid) {
        return dir.resolve(HexFormat.of().formatHex(xid) + SUFFIX);
    }

    /** Writes the branch durably; returns its description. */
    Prepared write(byte[] xid, Staging staging, long baseTransactionId, Instant when) throws IOException {
        ensureDir();
        Path file = fileOf(xid);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        int headerLength = FIXED_HEADER + xid.length + 4;
        ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(headerLength).putLong(when.toEpochMilli()).putLong(baseTransactionId)
                .putInt(staging.livePuts()).putInt(staging.liveDeletes()).putLong(staging.liveDataBytes())
                .putInt(xid.length).put(xid);
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, header.position());
        header.putInt((int) crc.getValue());
        header.flip();
        long end;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            Staging.writeFully(ch, header, 0);
            end = staging.copyLiveTo(ch, headerLength);
            Staging.writeFully(ch, trailer(end), end);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        SegmentFiles.syncDirectory(dir);
        return new Prepared(file, xid.clone(), Instant.ofEpochMilli(when.toEpochMilli()), baseTransactionId,
                staging.livePuts(), staging.liveDeletes(), staging.liveDataBytes(), headerLength, end);
    }

    private static ByteBuffer trailer(long entriesEnd) {
        ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        t.put(TRAILER_MAGIC).putLong(entriesEnd);
        CRC32 crc = new CRC32();
        crc.update(t.array(), 0, 16);
        t.putInt((int) crc.getValue());
        return t.flip();
    }

    private void ensureDir() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        boolean parentExisted = Files.isDirectory(parent);
        Files.createDirectories(dir);
        // the new directories' names must be durable too, or a crash could lose a prepared branch
        SegmentFiles.syncDirectory(parent);
        if (!parentExisted) {
            SegmentFiles.syncDirectory(parent.getParent());
        }
    }

    /** Every valid prepared file; torn ones are logged and ignored, leftover temporary files removed. */
    List<Prepared> scan(boolean removeTemporaries) {
        List<Prepared> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX + ".tmp")) {
                    if (removeTemporaries) {
                        Files.deleteIfExists(p);
                    }
                    continue;
                }
                if (!name.endsWith(SUFFIX)) {
                    continue;
                }
                Prepared prepared = read(p);
                if (prepared == null) {
                    LOG.log(Level.WARNING, "ignoring torn or unreadable prepared branch {0}", p);
                } else {
                    found.add(prepared);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list prepared branches in " + dir, e);
        }
        return found;
    }

    /** The file's description when its header and trailer are intact, else null. */
    static Prepared read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FIXED_HEADER + 4 + TRAILER) {
                return null;
            }
            ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            Staging.readFully(ch, fixed, 0);
            for (int i = 0; i < MAGIC.length; i++) {
                if (fixed.get(i) != MAGIC[i]) {
                    return null;
                }
            }
            int version = fixed.getInt(8);
            int headerLength = fixed.getInt(12);
            int xidLength = fixed.getInt(48);
            if (version != VERSION || xidLength < 1 || xidLength > MAX_XID || headerLength != FIXED_HEADER + xidLength + 4
                    || headerLength + TRAILER > size) {
                return null;
            }
            ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
            Staging.readFully(ch, header, 0);
            CRC32 crc = new CRC32();
            crc.update(header.array(), 0, headerLength - 4);
            if ((int) crc.getValue() != header.getInt(headerLength - 4)) {
                return null;
            }
            ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
            Staging.readFully(ch, t, size - TRAILER);
            for (int i = 0; i < TRAILER_MAGIC.length; i++) {
                if (t.get(i) != TRAILER_MAGIC[i]) {
                    return null;
                }
            }
            crc.reset();
            crc.update(t.array(), 0, 16);
            long entriesEnd = t.getLong(8);
            if ((int) crc.getValue() != t.getInt(16) || entriesEnd != size - TRAILER || entriesEnd < headerLength) {
                return null;
            }
            byte[] xid = new byte[xidLength];
            header.get(FIXED_HEADER, xid);
            return new Prepared(file, xid, Instant.ofEpochMilli(header.getLong(16)), header.getLong(24),
                    header.getInt(32), header.getInt(36), header.getLong(40), headerLength, entriesEnd);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read prepared branch {0}: {1}", file, e.toString());
            return null;
        }
    }

    /** The branch's entries, CRC-checked, ready to commit. */
    static Staging entries(Prepared prepared) throws IOException {
        FileChannel ch = FileChannel.open(prepared.file(), StandardOpenOption.READ);
        try {
            return Staging.ofFile(ch, prepared.entriesStart(), prepared.entriesEnd());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Removes a decided branch (no fsync needed: a resurrected file is recognised by its marker, invariant 4). */
    void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
