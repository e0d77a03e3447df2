package org.repono.engine.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Iterates the entries of one segment file as borg's {@code LoggedIO.iter_objects} does, with positional
 * reads through one reusable direct buffer: no garbage per entry. Use: {@code while (s.next()) { s.tag() ... }}.
 * A bad entry makes {@link #next()} throw {@link SegmentFormatException}; the scanner is then finished.
 *
 * <p>With {@code verifyCrc} every entry's data is read and its CRC checked (borg's {@code read_data=True});
 * without, only headers are read and checked (size bounds, tag, entry within the file). Not thread-safe;
 * {@link #reset} reuses one scanner for many segments. Never closes the channel.
 *
 * <p>Two deliberate differences from borg, both on entries borg cannot use either: header-only mode also
 * reports an entry running past the end of the file ("short read"; borg's seek does not notice), and a
 * CRC-valid PUT/DELETE shorter than 41 bytes is a "bad size" (borg would hand out a truncated key).
 */
public final class SegmentScanner {

    private static final int WINDOW_SIZE = 128 * 1024;

    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private final byte[] key = new byte[SegmentEntry.KEY_SIZE];
    private final boolean verifyCrc;

    private FileChannel channel;
    private long segment;
    private long fileSize;
    private long windowStart;
    private long nextOffset;
    private boolean magicPending;
    private boolean finished;

    private long offset = -1;
    private int size;
    private int tag = -1;
    private int storedCrc;

    private SegmentScanner(boolean verifyCrc) {
        this.verifyCrc = verifyCrc;
    }

    /** A scanner that verifies CRCs, positioned before the first entry of {@code ch}. */
    public static SegmentScanner open(FileChannel ch, long segment) {
        return open(ch, segment, true);
    }

    /** A scanner positioned before the first entry of {@code ch} (the magic is checked by the first next()). */
    public static SegmentScanner open(FileChannel ch, long segment, boolean verifyCrc) {
        return new SegmentScanner(verifyCrc).reset(ch, segment, 0);
    }

    /**
     * Starts over on another file (or the same one). {@code startOffset} 0 = check the magic, then the first
     * entry; otherwise the offset of an entry to continue from (the magic is not checked again, as borg).
     */
    public SegmentScanner reset(FileChannel ch, long segment, long startOffset) {
        this.channel = ch;
        this.segment = segment;
        try {
            this.fileSize = ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of segment " + segment, e);
        }
        this.window.clear().limit(0);
        this.windowStart = 0;
        this.magicPending = startOffset == 0;
        this.nextOffset = startOffset == 0 ? SegmentEntry.MAGIC_SIZE : startOffset;
        this.finished = false;
        this.offset = -1;
        this.tag = -1;
        return this;
    }

    /** Same as {@code reset(ch, segment, 0)}. */
    public SegmentScanner reset(FileChannel ch, long segment) {
        return reset(ch, segment, 0);
    }

    public boolean verifiesCrc() {
        return verifyCrc;
    }

    /**
     * Moves to the next entry. False at the clean end of the file (no byte after the last entry).
     *
     * @throws SegmentFormatException when the magic or the entry is bad (the scanner is then finished)
     */
    public boolean next() {
        if (finished) {
            return false;
        }
        try {
            if (magicPending) {
                checkMagic();
            }
            long at = nextOffset;
            if (at >= fileSize) {
                finished = true;
                offset = -1;
                return false;
            }
            offset = at;
            int available = ensure(at, SegmentEntry.HEADER_SIZE);
            if (available < SegmentEntry.HEADER_SIZE) {
                throw fail(at, SegmentFormatException.SHORT_READ, "header: expected 9 bytes, got " + available);
            }
            int p = (int) (at - windowStart);
            storedCrc = window.getInt(p);
            int rawSize = window.getInt(p + 4);
            tag = window.get(p + 8) & 0xFF;
            if (Integer.compareUnsigned(rawSize, SegmentEntry.MAX_OBJECT_SIZE) > 0) {
                throw fail(at, SegmentFormatException.BAD_SIZE, Integer.toUnsignedString(rawSize) + " - too big");
            }
            if (rawSize < SegmentEntry.HEADER_SIZE) {
                throw fail(at, SegmentFormatException.BAD_SIZE, rawSize + " - too small");
            }
            size = rawSize;
            if (at + size > fileSize) {
                throw fail(at, SegmentFormatException.SHORT_READ, "entry of " + size + " bytes, only " + (fileSize - at)
                        + " left in the file");
            }
            boolean keyed = tag != SegmentEntry.TAG_COMMIT && size >= SegmentEntry.PUT_HEADER_SIZE;
            if (keyed) {
                // taken now, while the header is in the window: the CRC pass may move the window past it
                ensure(at, SegmentEntry.PUT_HEADER_SIZE);
                window.get((int) (at - windowStart) + SegmentEntry.HEADER_SIZE, key);
            }
            if (verifyCrc && checksum(at, size) != storedCrc) {
                throw fail(at, SegmentFormatException.CRC_MISMATCH, null);
            }
            if (tag > SegmentEntry.TAG_COMMIT) {
                throw fail(at, SegmentFormatException.BAD_TAG, "did not get acceptable tag " + tag);
            }
            if (tag != SegmentEntry.TAG_COMMIT && !keyed) {
                throw fail(at, SegmentFormatException.BAD_SIZE, size + " - too small for a " + SegmentEntry.tagName(tag));
            }
            nextOffset = at + size;
            return true;
        } catch (IOException e) {
            finished = true;
            throw new UncheckedIOException("cannot read segment " + segment + " at offset " + nextOffset, e);
        }
    }

    private void checkMagic() throws IOException {
        magicPending = false;
        int available = ensure(0, SegmentEntry.MAGIC_SIZE);
        boolean ok = available == SegmentEntry.MAGIC_SIZE;
        for (int i = 0; ok && i < SegmentEntry.MAGIC_SIZE; i++) {
            ok = window.get(i) == SegmentEntry.MAGIC[i];
        }
        if (!ok) {
            throw fail(0, SegmentFormatException.BAD_MAGIC, "invalid segment magic");
        }
    }

    private SegmentFormatException fail(long at, String reason, String detail) {
        finished = true;
        return new SegmentFormatException(segment, at, reason, detail);
    }

    /** Makes file bytes [at, at+n) present in the window if the file has them; returns how many are. */
    private int ensure(long at, int n) throws IOException {
        long end = windowStart + window.limit();
        if (at < windowStart || at + n > end) {
            fill(at);
            end = windowStart + window.limit();
        }
        return (int) Math.min(n, end - at);
    }

    private void fill(long at) throws IOException {
        window.clear();
        windowStart = at;
        while (window.hasRemaining()) {
            int n = channel.read(window, at + window.position());
            if (n < 0) {
                break;
            }
        }
        window.flip();
    }

    /** CRC32 over file bytes [at+4, at+size), streamed through the window. */
    private int checksum(long at, int entrySize) throws IOException {
        crc.reset();
        long from = at + 4;
        long to = at + entrySize;
        while (from < to) {
            int available = ensure(from, (int) Math.min(to - from, WINDOW_SIZE));
            if (available <= 0) {
                throw fail(at, SegmentFormatException.SHORT_READ, "data ends at " + from);
            }
            int p = (int) (from - windowStart);
            ByteBuffer slice = window.duplicate();
            slice.position(p).limit(p + available);
            crc.update(slice);
            from += available;
        }
        return (int) crc.getValue();
    }

    // ---- the current entry -------------------------------------------------------------------------

    /**
     * The whole current entry (header included) as a view of the scanner's window, or null when the entry is not
     * wholly in it (then read it from the file). Valid until the next call of {@link #next}; never write to it.
     */
    public ByteBuffer entryView() {
        if (offset < 0 || offset < windowStart || offset + size > windowStart + window.limit()) {
            return null;
        }
        int p = (int) (offset - windowStart);
        return window.duplicate().position(p).limit(p + size);
    }

    /** Offset of the current entry (its crc field) in the file. */
    public long offset() {
        return offset;
    }

    /** Whole size of the current entry, header included. */
    public int size() {
        return size;
    }

    /** {@link SegmentEntry#TAG_PUT}, {@link SegmentEntry#TAG_DELETE} or {@link SegmentEntry#TAG_COMMIT}. */
    public int tag() {
        return tag;
    }

    /** The stored CRC of the current entry. */
    public int crc() {
        return storedCrc;
    }

    public long segment() {
        return segment;
    }

    /** Offset where the entry after the current one starts (= offset() + size()). */
    public long nextOffset() {
        return nextOffset;
    }

    /** Copies the current PUT/DELETE's key into dst[0..32). */
    public void key(byte[] dst) {
        key(dst, 0);
    }

    /** Copies the current PUT/DELETE's key into dst[off..off+32). */
    public void key(byte[] dst, int off) {
        requireKeyed();
        System.arraycopy(key, 0, dst, off, SegmentEntry.KEY_SIZE);
    }

    /** Whether the current PUT/DELETE's key equals {@code other[0..32)}. */
    public boolean keyEquals(byte[] other) {
        return keyEquals(other, 0);
    }

    /** Whether the current PUT/DELETE's key equals {@code other[off..off+32)}. */
    public boolean keyEquals(byte[] other, int off) {
        requireKeyed();
        return Arrays.equals(key, 0, SegmentEntry.KEY_SIZE, other, off, off + SegmentEntry.KEY_SIZE);
    }

    /** File offset of the current PUT's data. */
    public long dataOffset() {
        return offset + (tag == SegmentEntry.TAG_COMMIT ? SegmentEntry.HEADER_SIZE : SegmentEntry.PUT_HEADER_SIZE);
    }

    /** Data length of the current PUT (0 for DELETE and COMMIT). */
    public int dataLength() {
        return tag == SegmentEntry.TAG_PUT ? size - SegmentEntry.PUT_HEADER_SIZE : 0;
    }

    /**
     * Copies the current PUT's data into dst at its position (advancing it); dst must have room for
     * {@link #dataLength()} bytes. The bytes were CRC-checked only if this scanner verifies CRCs.
     */
    public int readData(ByteBuffer dst) {
        int length = dataLength();
        if (dst.remaining() < length) {
            throw new IllegalArgumentException("buffer has room for " + dst.remaining() + " bytes, the data is " + length);
        }
        long from = dataOffset();
        long windowEnd = windowStart + window.limit();
        if (from >= windowStart && from + length <= windowEnd) {
            ByteBuffer slice = window.duplicate();
            int p = (int) (from - windowStart);
            slice.position(p).limit(p + length);
            dst.put(slice);
            return length;
        }
        try {
            int done = 0;
            int limit = dst.limit();
            dst.limit(dst.position() + length);
            try {
                while (done < length) {
                    int n = channel.read(dst, from + done);
                    if (n < 0) {
                        throw new SegmentFormatException(segment, offset, SegmentFormatException.SHORT_READ,
                                "data: expected " + length + " bytes, got " + done);
                    }
                    done += n;
                }
            } finally {
                dst.limit(limit);
            }
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read segment " + segment + " at offset " + from, e);
        }
    }

    private void requireKeyed() {
        if (offset < 0 || tag == SegmentEntry.TAG_COMMIT) {
            throw new IllegalStateException("no PUT or DELETE entry is current");
        }
    }

    // ---- whole-file and single-entry reads -----------------------------------------------------------

    /**
     * borg's {@code LoggedIO.is_committed_segment}: the file is at least 9 bytes, its last 9 bytes are the
     * COMMIT entry, it parses to the end with valid CRCs, and after the first COMMIT only COMMITs follow.
     */
    public static boolean isCommitted(Path segmentFile) {
        try (FileChannel ch = FileChannel.open(segmentFile, StandardOpenOption.READ)) {
            return isCommitted(ch, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + segmentFile, e);
        }
    }

    /** {@link #isCommitted(Path)} on an open channel. */
    public static boolean isCommitted(FileChannel ch, long segment) throws IOException {
        long length = ch.size();
        if (length < SegmentEntry.HEADER_SIZE) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate(SegmentEntry.HEADER_SIZE);
        readFully(ch, tail, length - SegmentEntry.HEADER_SIZE);
        if (tail.position() != SegmentEntry.HEADER_SIZE || !Arrays.equals(tail.array(), SegmentEntry.COMMIT_ENTRY)) {
            return false;
        }
        SegmentScanner scanner = open(ch, segment, true);
        boolean seenCommit = false;
        try {
            while (scanner.next()) {
                if (scanner.tag() == SegmentEntry.TAG_COMMIT) {
                    seenCommit = true;
                } else if (seenCommit) {
                    return false;
                }
            }
        } catch (SegmentFormatException e) {
            return false;
        }
        return seenCommit;
    }

    /**
     * Reads the PUT at {@code offset} as borg's {@code LoggedIO.read}: checks size bounds, reads the data,
     * checks the CRC, the tag (must be PUT) and the key (must be {@code expectedKey}), returns the data.
     *
     * <p>One positional read fetches the header and, usually, the whole entry: the thread reads as many bytes as
     * the last entry it read had (objects of a repository tend to one size), so a cold read costs one I/O, not
     * two; a larger entry's rest is read straight into the result.
     */
    public static byte[] readPut(FileChannel ch, long offset, byte[] expectedKey, long segment) {
        ReadScratch scratch = SCRATCH.get();
        ByteBuffer buf = scratch.buffer;
        buf.clear().limit(Math.max(SegmentEntry.PUT_HEADER_SIZE, Math.min(buf.capacity(), scratch.guess)));
        try {
            readAtLeast(ch, buf, offset, SegmentEntry.PUT_HEADER_SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read segment " + segment + " at offset " + offset, e);
        }
        int got = buf.position();
        if (got < SegmentEntry.PUT_HEADER_SIZE) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.SHORT_READ,
                    "header: expected 41 bytes, got " + got);
        }
        int size = buf.getInt(4);
        if (Integer.compareUnsigned(size, SegmentEntry.MAX_OBJECT_SIZE) > 0) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_SIZE,
                    Integer.toUnsignedString(size) + " - too big");
        }
        if (size < SegmentEntry.PUT_HEADER_SIZE) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_SIZE, size + " - too small");
        }
        scratch.guess = size;
        byte[] data = new byte[size - SegmentEntry.PUT_HEADER_SIZE];
        int inBuffer = Math.min(data.length, got - SegmentEntry.PUT_HEADER_SIZE);
        buf.get(SegmentEntry.PUT_HEADER_SIZE, data, 0, inBuffer);
        if (inBuffer < data.length) {
            ByteBuffer rest = ByteBuffer.wrap(data, inBuffer, data.length - inBuffer);
            try {
                readFully(ch, rest, offset + SegmentEntry.PUT_HEADER_SIZE + inBuffer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read segment " + segment + " at offset " + offset, e);
            }
            if (rest.hasRemaining()) {
                throw new SegmentFormatException(segment, offset, SegmentFormatException.SHORT_READ,
                        "data: expected " + data.length + " bytes, got " + (rest.position()));
            }
        }
        CRC32 crc = scratch.crc;
        crc.reset();
        crc.update(buf.duplicate().position(4).limit(SegmentEntry.PUT_HEADER_SIZE));
        crc.update(data);
        if ((int) crc.getValue() != buf.getInt(0)) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.CRC_MISMATCH, null);
        }
        int tag = buf.get(8) & 0xFF;
        if (tag != SegmentEntry.TAG_PUT) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_TAG,
                    "did not get acceptable tag " + tag);
        }
        boolean same = expectedKey.length == SegmentEntry.KEY_SIZE;
        for (int i = 0; same && i < SegmentEntry.KEY_SIZE; i++) {
            same = buf.get(SegmentEntry.HEADER_SIZE + i) == expectedKey[i];
        }
        if (!same) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.WRONG_KEY, "is not for wanted id");
        }
        return data;
    }

    /** Per-thread scratch of {@link #readPut}: a direct buffer (no copy through the JDK's), the CRC, the guess. */
    private static final class ReadScratch {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32 crc = new CRC32();
        int guess = 4096 + SegmentEntry.PUT_HEADER_SIZE;
    }

    private static final ThreadLocal<ReadScratch> SCRATCH = ThreadLocal.withInitial(ReadScratch::new);

    /** Positional reads into dst until it holds at least {@code min} bytes, is full, or the file ends. */
    private static void readAtLeast(FileChannel ch, ByteBuffer dst, long position, int min) throws IOException {
        long at = position;
        while (dst.position() < min && dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    /**
     * The entry size of the PUT at {@code offset} from its header alone (borg's {@code read(read_data=False)}):
     * size bounds, tag and key are checked, the CRC is not.
     */
    public static int readPutSize(FileChannel ch, long offset, byte[] expectedKey, long segment) {
        ByteBuffer header = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int size = readPutHeader(ch, offset, segment, header);
        checkTagAndKey(header, expectedKey, segment, offset);
        return size;
    }

    /**
     * Streams the data of the PUT at {@code offset}: header (size, tag, key) checked at once, the CRC checked
     * as the data goes by; on a mismatch the read that would hand out the last byte throws instead.
     */
    public static PutDataStream openPut(FileChannel ch, long offset, byte[] expectedKey, long segment) {
        ByteBuffer header = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int size = readPutHeader(ch, offset, segment, header);
        checkTagAndKey(header, expectedKey, segment, offset);
        try {
            if (offset + size > ch.size()) {
                throw new SegmentFormatException(segment, offset, SegmentFormatException.SHORT_READ,
                        "entry of " + size + " bytes, only " + (ch.size() - offset) + " left in the file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of segment " + segment, e);
        }
        return new PutDataStream(ch, segment, offset, header.array(), size - SegmentEntry.PUT_HEADER_SIZE);
    }

    /** Reads and bounds-checks the 41-byte header at offset into header (LE, position 41 afterwards); returns size. */
    private static int readPutHeader(FileChannel ch, long offset, long segment, ByteBuffer header) {
        try {
            readFully(ch, header, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read segment " + segment + " at offset " + offset, e);
        }
        if (header.hasRemaining()) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.SHORT_READ,
                    "header: expected 41 bytes, got " + header.position());
        }
        int size = header.getInt(4);
        if (Integer.compareUnsigned(size, SegmentEntry.MAX_OBJECT_SIZE) > 0) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_SIZE,
                    Integer.toUnsignedString(size) + " - too big");
        }
        if (size < SegmentEntry.PUT_HEADER_SIZE) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_SIZE, size + " - too small");
        }
        return size;
    }

    private static void checkTagAndKey(ByteBuffer header, byte[] expectedKey, long segment, long offset) {
        int tag = header.get(8) & 0xFF;
        if (tag != SegmentEntry.TAG_PUT) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.BAD_TAG,
                    "did not get acceptable tag " + tag);
        }
        if (!Arrays.equals(header.array(), SegmentEntry.HEADER_SIZE, SegmentEntry.PUT_HEADER_SIZE,
                expectedKey, 0, expectedKey.length)) {
            throw new SegmentFormatException(segment, offset, SegmentFormatException.WRONG_KEY,
                    "is not for wanted id");
        }
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }
}
