package org.repono.engine.txn;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.log.Writeback;

/**
 * A large transaction's entries written ahead of its commit as finished segment files ({@code BORG_SEG} + entries,
 * rolled over exactly where the log writer would roll over) in {@code repono/tmp}, outside {@code data/} where borg
 * never looks. At commit the log adopts them by renaming them into {@code data/} as its next segments, so the
 * transaction's bytes are written once, as borg writes them, instead of once to a spill file and again into the
 * log. While the transaction stages, {@link Writeback} fdatasyncs what was written on a helper thread, so the disk
 * works while the caller produces data and the commit finds little left to sync.
 *
 * <p>Positions are packed as {@code (file << 32) | offset}. Not thread-safe (one transaction, one thread); the
 * helper thread only ever calls {@code force} on finished bytes.
 */
final class PreSegments implements AutoCloseable {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final byte[] MANIFEST_ID = new byte[SegmentEntry.KEY_SIZE];

    private final Path dir;
    private final long maxSegmentSize;
    private final String stem = "txn-" + UUID.randomUUID();
    private final List<Path> paths = new ArrayList<>();
    private final List<FileChannel> channels = new ArrayList<>();
    private final List<Boolean> adopted = new ArrayList<>();
    private ByteBuffer buffer;

    private FileChannel current;   // the file being appended to (the last one), null before the first entry
    private long length;           // its length including what is buffered
    private long flushed;          // its bytes handed to the kernel
    private final Writeback writeback = new Writeback("repono-staging-writeback");

    PreSegments(Path dir, long maxSegmentSize) {
        this.dir = dir;
        this.maxSegmentSize = maxSegmentSize;
    }

    static long pack(int file, long offset) {
        return ((long) file << 32) | offset;
    }

    static int fileOf(long position) {
        return (int) (position >>> 32);
    }

    static long offsetOf(long position) {
        return position & 0xFFFFFFFFL;
    }

    /** Number of files written so far. */
    int files() {
        return paths.size();
    }

    Path path(int file) {
        return paths.get(file);
    }

    // ---- appending ---------------------------------------------------------------------------------------

    /**
     * Where an entry with this key starts: a new file when none is open, the key is the manifest id or the open
     * file is past {@code max_segment_size} (the log writer's roll-over rule). Returns the packed position.
     */
    long begin(byte[] key) throws IOException {
        if (current == null || isManifest(key) || length > maxSegmentSize) {
            startFile();
        }
        return pack(paths.size() - 1, length);
    }

    private static boolean isManifest(byte[] key) {
        return java.util.Arrays.equals(key, MANIFEST_ID);
    }

    /** Appends bytes to the open file (after {@link #begin}). */
    void write(byte[] b, int off, int len) throws IOException {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(buffer.remaining(), end - p);
            buffer.put(b, p, n);
            p += n;
        }
        length += len;
    }

    /** Overwrites bytes already appended to the open file at offset {@code at} (a streamed entry's header). */
    void overwrite(long at, byte[] b) throws IOException {
        if (at >= flushed) {
            buffer.put((int) (at - flushed), b);
            return;
        }
        flush();
        writeFully(current, ByteBuffer.wrap(b), at);
    }

    /** Drops everything appended to the open file from offset {@code at} on (a failed streamed entry). */
    void truncate(long at) throws IOException {
        if (at >= flushed) {
            buffer.position((int) (at - flushed));
        } else {
            buffer.clear();
            current.truncate(at);
            flushed = at;
        }
        length = at;
    }

    private void startFile() throws IOException {
        if (current != null) {
            flush();
            writeback.restart(); // seal() syncs the finished file with the others
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(stem + "-" + paths.size() + ".seg");
        FileAttribute<?>[] mode = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        FileChannel ch = FileChannel.open(file, java.util.EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), mode);
        paths.add(file);
        channels.add(ch);
        adopted.add(false);
        current = ch;
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        }
        buffer.clear();
        buffer.put(SegmentEntry.MAGIC);
        length = SegmentEntry.MAGIC_SIZE;
        flushed = 0;
    }

    private void flush() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        writeFully(current, buffer, flushed);
        buffer.clear();
        flushed += n;
        writeback.wrote(current, n);
    }

    /**
     * Makes every file durable (what the log writer's closing of a segment does: write out, fdatasync). Called
     * before the commit is queued, so the log writer only renames; the directory fsync follows the rename.
     */
    void seal() throws IOException {
        if (current == null) {
            return;
        }
        flush();
        writeback.await();
        for (FileChannel ch : channels) {
            ch.force(false);
        }
    }

    // ---- reading back (read-your-writes, prepare) -----------------------------------------------------

    /** Reads bytes at a packed position into dst (fully, or EOFException). */
    void read(long position, ByteBuffer dst) throws IOException {
        int file = fileOf(position);
        if (file == paths.size() - 1 && buffer != null && buffer.position() > 0) {
            flush(); // the buffered tail must reach the file before it can be read back
        }
        FileChannel ch = channels.get(file);
        long at = offsetOf(position);
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new EOFException("staged segment file " + paths.get(file) + " shorter than its records");
            }
            at += n;
        }
    }

    /** Copies {@code size} bytes at a packed position to {@code out} at {@code at} (kernel-side where it can). */
    void transferTo(long position, int size, FileChannel out, long at) throws IOException {
        int file = fileOf(position);
        if (file == paths.size() - 1 && buffer != null && buffer.position() > 0) {
            flush();
        }
        FileChannel ch = channels.get(file);
        long from = offsetOf(position);
        long done = 0;
        while (done < size) {
            long n = ch.transferTo(from + done, size - done, out.position(at + done));
            if (n <= 0) {
                throw new EOFException("staged segment file " + paths.get(file) + " shorter than its records");
            }
            done += n;
        }
    }

    // ---- handing over ---------------------------------------------------------------------------------

    /** The log renamed file {@code file} into data/: it is the log's now, never deleted by {@link #close}. */
    void adopted(int file) {
        adopted.set(file, true);
    }

    /** Closes the files and deletes those the log did not adopt. */
    @Override
    public void close() {
        writeback.close();
        for (int i = 0; i < paths.size(); i++) {
            try {
                channels.get(i).close();
            } catch (IOException ignored) {
                // read/write channel of a file we delete or the log owns now
            }
            if (!adopted.get(i)) {
                try {
                    Files.deleteIfExists(paths.get(i));
                } catch (IOException ignored) {
                    // a leftover in repono/tmp is never read; the next exclusive open clears it
                }
            }
        }
        current = null;
        buffer = null;
    }

    private static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
    }
}
