package org.repono.engine.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.HashIndex;

/**
 * Appends entries to segment files exactly as borg 1.2.4's {@code LoggedIO} writes them (FORMAT §2.1): new
 * files created exclusively with the magic, roll-over <em>before</em> an entry when the offset is strictly above
 * {@code max_segment_size}, the manifest id always in a new segment, the final COMMIT in a 17-byte segment of
 * its own, and closing = fdatasync + fsync of the directory. Entries arrive already encoded.
 *
 * <p>Writes go through one direct buffer and reach the file when it fills or the segment is synced, so callers
 * must not read what they appended before {@link #closeSegment()} (nothing does: the index learns new
 * locations only after the commit). Not thread-safe: one writer at a time (the commit queue's).
 */
public final class SegmentWriter implements AutoCloseable {

    /** Thrown by {@link #append} in "raise when full" mode (compaction): the entry would start a new segment. */
    public static final class SegmentFullException extends Exception {
        SegmentFullException() {
            super("segment full", null, false, false);
        }
    }

    private static final int BUFFER_SIZE = 1 << 20;
    private static final byte[] MANIFEST_ID = new byte[SegmentEntry.KEY_SIZE];
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final SegmentFiles files;
    private final SegmentChannels channels;
    private final long maxSegmentSize;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final boolean posix;

    private long segment;          // number of the open segment, or of the next one to open
    private FileChannel out;       // null when no segment is open
    private long offset;           // end of the open segment's content (including what is buffered)
    private long flushed;          // bytes of the open segment already handed to the file
    private long syncs;
    /** fdatasyncs of the open segment on a helper thread while a large batch or a compaction writes it. */
    private final Writeback writeback = new Writeback("repono-segment-writeback");
    private long bytesWritten;

    private long markSegment = -1;

    /**
     * @param nextSegment the number the next segment file gets (last committed + 1 after cleanup)
     */
    public SegmentWriter(SegmentFiles files, SegmentChannels channels, long maxSegmentSize, long nextSegment) {
        this.files = files;
        this.channels = channels;
        this.maxSegmentSize = maxSegmentSize;
        this.segment = nextSegment;
        this.posix = files.dataDir().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Number of the open segment, or of the one the next entry will open. */
    public long segment() {
        return segment;
    }

    /** Whether a segment file is open for appends. */
    public boolean isOpen() {
        return out != null;
    }

    /** Offset the next entry would get in the open segment (0 when none is open). */
    public long offset() {
        return out == null ? 0 : offset;
    }

    /** fdatasync and directory fsync calls made so far. */
    public long syncs() {
        return syncs;
    }

    /** Entry bytes appended so far (magic and COMMITs included). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Segments this writer may not go beyond (the index stores u32 segment numbers). */
    private void checkNumber(long n) throws IOException {
        if (n > HashIndex.MAX_SEGMENT) {
            throw new IOException("segment number " + n + " exceeds borg's limit " + HashIndex.MAX_SEGMENT);
        }
    }

    // ---- appends ---------------------------------------------------------------------------------------

    /**
     * Appends one encoded entry (the buffer's remaining bytes). Returns the packed location
     * {@code (segment << 32) | offset} of the entry.
     *
     * @param key       the entry's key (null for none): the manifest id always starts a new segment
     * @param raiseFull compaction mode: throw instead of rolling over to a new segment
     */
    public long append(ByteBuffer entry, byte[] key, boolean raiseFull) throws IOException, SegmentFullException {
        int size = entry.remaining();
        long at = prepareFor(key, raiseFull);
        put(entry);
        offset += size;
        bytesWritten += size;
        return location(at);
    }

    /** Appends one encoded entry held in {@code bytes[off, off+len)}; returns its packed location. */
    public long append(byte[] bytes, int off, int len, byte[] key) throws IOException {
        long at = prepareForUnchecked(key);
        put(ByteBuffer.wrap(bytes, off, len));
        offset += len;
        bytesWritten += len;
        return location(at);
    }

    /** Appends one encoded entry copied from {@code src[position, position+len)}; returns its packed location. */
    public long append(FileChannel src, long position, int len, byte[] key) throws IOException {
        try {
            return append(src, position, len, key, false);
        } catch (SegmentFullException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends one encoded entry copied from {@code src[position, position+len)}; returns its packed location.
     *
     * @param raiseFull compaction mode: throw instead of rolling over to a new segment
     */
    public long append(FileChannel src, long position, int len, byte[] key, boolean raiseFull)
            throws IOException, SegmentFullException {
        long at = prepareFor(key, raiseFull);
        long from = position;
        long end = position + len;
        while (from < end) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = (int) Math.min(buffer.remaining(), end - from);
            int limit = buffer.limit();
            buffer.limit(buffer.position() + n);
            try {
                while (buffer.hasRemaining()) {
                    int r = src.read(buffer, from + (n - buffer.remaining()));
                    if (r < 0) {
                        throw new IOException("staged entry shorter than recorded (" + len + " bytes at " + position + ")");
                    }
                }
            } finally {
                buffer.limit(limit);
            }
            from += n;
        }
        offset += len;
        bytesWritten += len;
        return location(at);
    }

    /** Whether the next entry (with this key) would start a new segment. */
    public boolean wouldRollOver(byte[] key) {
        return out != null && (isManifest(key) || (offset > 0 && offset > maxSegmentSize));
    }

    private long prepareForUnchecked(byte[] key) throws IOException {
        try {
            return prepareFor(key, false);
        } catch (SegmentFullException e) {
            throw new IllegalStateException(e);
        }
    }

    /** borg's get_write_fd: roll over before the entry, open a segment if none; returns the entry's offset. */
    private long prepareFor(byte[] key, boolean raiseFull) throws IOException, SegmentFullException {
        if (wouldRollOver(key)) {
            if (raiseFull) {
                throw new SegmentFullException();
            }
            closeSegment();
        }
        if (out == null) {
            openSegment();
        }
        return offset;
    }

    private static boolean isManifest(byte[] key) {
        return key != null && Arrays.equals(key, MANIFEST_ID);
    }

    private long location(long at) {
        return (segment << 32) | at;
    }

    private void put(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(buffer.remaining(), src.remaining());
            ByteBuffer part = src.slice(src.position(), n);
            buffer.put(part);
            src.position(src.position() + n);
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        while (buffer.hasRemaining()) {
            flushed += out.write(buffer, flushed);
        }
        buffer.clear();
        writeback.wrote(out, n);
    }

    /**
     * Takes a finished, fdatasync'ed segment file (a large transaction's entries, written elsewhere on the same file
     * system) as the next segment: the open segment is closed first (as a roll-over would), the file is linked under
     * the next number - never over an existing file (invariant 2) - and unlinked from where it was, and its directory
     * is fsync'ed. Returns the number it got. {@link #abort} removes it like any segment written after the mark.
     *
     * @param bytes the file's length (for {@link #bytesWritten})
     */
    public long adopt(Path file, long bytes) throws IOException {
        closeSegment();
        checkNumber(segment);
        ensureDirectory();
        channels.evict(segment);
        Path target = files.pathOf(segment);
        try {
            Files.createLink(target, file);
        } catch (UnsupportedOperationException e) {
            // no hard links here: a rename, after making sure nothing is in the way
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(file);
        SegmentFiles.syncDirectory(files.dirOf(segment));
        syncs++;
        bytesWritten += bytes;
        return segment++;
    }

    /** data/<d> of the segment to open, created (and data/ fsync'ed) when it does not exist yet. */
    private void ensureDirectory() throws IOException {
        Path dir = files.dirOf(segment);
        if (!Files.isDirectory(dir)) {
            try {
                if (posix) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException raced) {
                // someone made it: fine
            }
            SegmentFiles.syncDirectory(files.dataDir());
            syncs++;
        }
    }

    private void openSegment() throws IOException {
        checkNumber(segment);
        ensureDirectory();
        // a cached read channel of a deleted file with this number must not be reused
        channels.evict(segment);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        writeback.restart();
        out = WriteChannels.open(files.pathOf(segment), options, attrs);
        offset = 0;
        flushed = 0;
        buffer.clear();
        buffer.put(SegmentEntry.MAGIC);
        offset = SegmentEntry.MAGIC_SIZE;
        bytesWritten += SegmentEntry.MAGIC_SIZE;
    }

    // ---- commits and closing ---------------------------------------------------------------------------

    /**
     * Closes the open segment, if any: write out, fdatasync, close, fsync of its directory (borg's close_segment).
     * The next entry goes to segment + 1.
     */
    public void closeSegment() throws IOException {
        FileChannel ch = out;
        if (ch == null) {
            return;
        }
        try {
            flush();
            writeback.await();
            ch.force(false);
            syncs++;
        } finally {
            out = null;
            ch.close();
        }
        SegmentFiles.syncDirectory(files.dirOf(segment));
        syncs++;
        segment++;
        offset = 0;
    }

    /**
     * The final COMMIT of a transaction: closes the data segment, then writes {@code BORG_SEG + COMMIT} as a
     * segment of its own and closes it. Returns that segment's number (the new transaction id).
     */
    public long writeCommit() throws IOException {
        closeSegment();
        openSegment();
        put(ByteBuffer.wrap(SegmentEntry.COMMIT_ENTRY));
        offset += SegmentEntry.HEADER_SIZE;
        bytesWritten += SegmentEntry.HEADER_SIZE;
        long committed = segment;
        closeSegment();
        return committed;
    }

    /**
     * An intermediate COMMIT (compaction, when a target segment fills): data made durable first, then the
     * COMMIT appended to the same segment, which is then closed. Returns that segment's number.
     */
    public long writeIntermediateCommit() throws IOException {
        if (out == null) {
            openSegment();
        }
        flush();
        writeback.await();
        out.force(false);
        syncs++;
        put(ByteBuffer.wrap(SegmentEntry.COMMIT_ENTRY));
        offset += SegmentEntry.HEADER_SIZE;
        bytesWritten += SegmentEntry.HEADER_SIZE;
        long committed = segment;
        closeSegment();
        return committed;
    }

    // ---- failure handling ------------------------------------------------------------------------------

    /** Remembers the current position so {@link #abort()} can remove everything written after it. */
    public void mark() {
        markSegment = segment;
    }

    /**
     * Drops everything written since {@link #mark()}: closes the open file without syncing and deletes every
     * segment file from the marked number on (invariant 2); the next segment is the marked one again.
     *
     * @return the segment numbers deleted
     */
    public long[] abort() throws IOException {
        if (markSegment < 0) {
            throw new IllegalStateException("abort without mark");
        }
        FileChannel ch = out;
        out = null;
        buffer.clear();
        writeback.close(); // a sync still running on a file about to be deleted: its outcome no longer matters
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
        }
        long last = segment;
        long[] deleted = new long[(int) Math.max(0, last - markSegment + 1)];
        int n = 0;
        IOException first = null;
        for (long s = last; s >= markSegment; s--) {
            channels.evict(s);
            try {
                if (Files.deleteIfExists(files.pathOf(s))) {
                    deleted[n++] = s;
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        segment = markSegment;
        offset = 0;
        markSegment = -1;
        if (first != null) {
            throw first;
        }
        return Arrays.copyOf(deleted, n);
    }

    /** Sets the number the next segment gets (after a cleanup or a reload); no segment may be open. */
    public void restartAt(long nextSegment) {
        if (out != null) {
            throw new IllegalStateException("a segment is open");
        }
        segment = nextSegment;
        offset = 0;
    }

    /** Closes (and syncs) an open segment. */
    @Override
    public void close() throws IOException {
        try {
            closeSegment();
        } finally {
            writeback.close();
        }
    }
}
