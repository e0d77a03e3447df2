package org.repono.engine.txn;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.log.SegmentWriter;

/**
 * A transaction's staged changes, already in segment-entry form (CRC computed when staged), so that committing is
 * a byte copy into the log - or no copy at all. Entries live in memory up to {@code spillBytes}; past that every
 * live entry moves to {@link PreSegments}, finished segment files that the log adopts by renaming at commit, so a
 * large transaction's bytes are written once. A later put or delete of the same id supersedes the earlier record;
 * only the newest record per id is "live".
 *
 * <p>In memory only live records reach the log. In segment files the entries are exactly what borg would have
 * logged: a put over a staged put of the same id first appends a DELETE of it (borg's put over a live id), so the
 * files are valid log content as they stand; {@link #previous} links each record to the one it supersedes, which
 * is what the commit needs for borg's bookkeeping.
 *
 * <p>The same structure reads a prepared file's entries back ({@link #ofFile}), so a prepared branch commits
 * exactly like a live transaction. Not thread-safe.
 */
final class Staging implements AutoCloseable {

    private static final int STREAM_CHUNK = 64 * 1024;
    /** Position of a record that lives nowhere any more (superseded in memory before the move to files). */
    static final long NOWHERE = -1;

    private final Path spillDir;
    private final long spillBytes;
    private final long maxSegmentSize;
    private final CRC32 crc = new CRC32();
    private final byte[] header = new byte[SegmentEntry.PUT_HEADER_SIZE];

    private byte[] memory = new byte[0];
    private int memoryLength;
    private PreSegments files;
    /** A prepared file read back: records at absolute positions in it; nothing can be added. */
    private FileChannel preparedFile;

    private int count;
    private byte[] recordKeys = new byte[32 * 8];
    private long[] recordPosition = new long[8];
    private int[] recordSize = new int[8];
    private byte[] recordTag = new byte[8];
    private int[] recordPrevious = new int[8];
    private final StagedKeys latest = new StagedKeys();

    private int livePuts;
    private int liveDeletes;
    private long livePutBytes;

    /**
     * @param maxSegmentSize where segment files roll over (the repository's {@code max_segment_size})
     */
    Staging(Path spillDir, long spillBytes, long maxSegmentSize) {
        this.spillDir = spillDir;
        this.spillBytes = spillBytes;
        this.maxSegmentSize = maxSegmentSize;
    }

    private Staging(FileChannel file) {
        this.spillDir = null;
        this.spillBytes = 0;
        this.maxSegmentSize = 0;
        this.preparedFile = file;
        this.memory = null;
    }

    /**
     * Entries held in {@code file} between {@code start} and {@code end} (segment-entry form, CRCs checked).
     * The staging owns the channel from now on.
     *
     * @throws IOException when an entry is cut short, malformed or fails its CRC
     */
    static Staging ofFile(FileChannel file, long start, long end) throws IOException {
        Staging s = new Staging(file);
        ByteBuffer header = ByteBuffer.allocate(SegmentEntry.PUT_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long at = start;
        while (at < end) {
            header.clear();
            readFully(file, header, at);
            int size = header.getInt(4);
            int tag = header.get(8) & 0xFF;
            if (size < SegmentEntry.PUT_HEADER_SIZE || size > SegmentEntry.MAX_OBJECT_SIZE || at + size > end
                    || (tag != SegmentEntry.TAG_PUT && tag != SegmentEntry.TAG_DELETE)
                    || (tag == SegmentEntry.TAG_DELETE && size != SegmentEntry.PUT_HEADER_SIZE)) {
                throw new IOException("malformed staged entry at " + at + " (size " + size + ", tag " + tag + ")");
            }
            ByteBuffer entry = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, entry, at);
            entry.flip();
            if (!SegmentEntry.crcMatches(entry)) {
                throw new IOException("staged entry at " + at + " fails its CRC");
            }
            byte[] key = new byte[SegmentEntry.KEY_SIZE];
            entry.get(SegmentEntry.HEADER_SIZE, key);
            s.addRecord(key, at, size, tag);
            at += size;
        }
        return s;
    }

    // ---- staging -----------------------------------------------------------------------------------

    void put(byte[] key, byte[] data) throws IOException {
        int size = SegmentEntry.PUT_HEADER_SIZE + data.length;
        if (fitsMemory(size)) {
            int at = reserveMemory(size);
            writeHeader(memory, at, size, SegmentEntry.TAG_PUT, key);
            System.arraycopy(data, 0, memory, at + SegmentEntry.PUT_HEADER_SIZE, data.length);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_PUT);
            return;
        }
        toFiles();
        long start = files.begin(key);
        boolean reput = supersedesStagedPut(key);
        long at = reput ? start + SegmentEntry.PUT_HEADER_SIZE : start;
        try {
            if (reput) {
                writeDeleteEntry(key);
            }
            writeHeader(header, 0, size, SegmentEntry.TAG_PUT, key);
            crc.reset();
            crc.update(header, 4, header.length - 4);
            crc.update(data);
            putIntLE(header, 0, (int) crc.getValue());
            files.write(header, 0, header.length);
            files.write(data, 0, data.length);
        } catch (IOException | RuntimeException e) {
            files.truncate(PreSegments.offsetOf(start)); // nothing is staged
            throw e;
        }
        if (reput) {
            addRecord(key, start, SegmentEntry.PUT_HEADER_SIZE, SegmentEntry.TAG_DELETE);
        }
        addRecord(key, at, size, SegmentEntry.TAG_PUT);
    }

    /**
     * Stages exactly {@code length} bytes from {@code in}, streaming (never held whole when it does not fit the
     * memory budget).
     *
     * @throws EOFException the stream ended early (nothing is staged then)
     */
    void put(byte[] key, InputStream in, int length) throws IOException {
        int size = SegmentEntry.PUT_HEADER_SIZE + length;
        if (fitsMemory(size)) {
            int at = reserveMemory(size);
            int got;
            try {
                got = in.readNBytes(memory, at + SegmentEntry.PUT_HEADER_SIZE, length);
            } catch (IOException | RuntimeException e) {
                memoryLength = at;
                throw e;
            }
            if (got != length) {
                memoryLength = at;
                throw new EOFException("the stream ended after " + got + " of " + length + " bytes");
            }
            writeHeader(memory, at, size, SegmentEntry.TAG_PUT, key);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_PUT);
            return;
        }
        toFiles();
        long start = files.begin(key);
        boolean reput = supersedesStagedPut(key);
        long at = reput ? start + SegmentEntry.PUT_HEADER_SIZE : start;
        if (reput) {
            writeDeleteEntry(key);
        }
        writeHeader(header, 0, size, SegmentEntry.TAG_PUT, key);
        crc.reset();
        crc.update(header, 4, header.length - 4);
        files.write(header, 0, header.length); // the CRC is filled in once the data went by
        byte[] chunk = new byte[Math.min(STREAM_CHUNK, Math.max(1, length))];
        long done = 0;
        try {
            while (done < length) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, length - done));
                if (n <= 0) {
                    throw new EOFException("the stream ended after " + done + " of " + length + " bytes");
                }
                crc.update(chunk, 0, n);
                files.write(chunk, 0, n);
                done += n;
            }
        } catch (IOException | RuntimeException e) {
            files.truncate(PreSegments.offsetOf(start)); // the DELETE goes too: nothing is staged
            throw e;
        }
        putIntLE(header, 0, (int) crc.getValue());
        files.overwrite(PreSegments.offsetOf(at), Arrays.copyOf(header, 4));
        if (reput) {
            addRecord(key, start, SegmentEntry.PUT_HEADER_SIZE, SegmentEntry.TAG_DELETE);
        }
        addRecord(key, at, size, SegmentEntry.TAG_PUT);
    }

    /** Stages a DELETE of key. */
    void delete(byte[] key) throws IOException {
        int size = SegmentEntry.PUT_HEADER_SIZE;
        if (fitsMemory(size)) {
            int at = reserveMemory(size);
            writeHeader(memory, at, size, SegmentEntry.TAG_DELETE, key);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_DELETE);
            return;
        }
        toFiles();
        long at = files.begin(key);
        writeDeleteEntry(key);
        addRecord(key, at, size, SegmentEntry.TAG_DELETE);
    }

    private boolean fitsMemory(int size) {
        if (preparedFile != null) {
            throw new IllegalStateException("a prepared branch cannot be changed");
        }
        return files == null && (long) memoryLength + size <= spillBytes;
    }

    /**
     * Whether a put of key supersedes a staged put: in the segment files that put needs a DELETE first (borg's put
     * over a live id), written in the same file just before it.
     */
    private boolean supersedesStagedPut(byte[] key) {
        int previous = latest.get(key, 0, recordKeys);
        return previous != StagedKeys.ABSENT && recordTag[previous] == SegmentEntry.TAG_PUT;
    }

    private void writeDeleteEntry(byte[] key) throws IOException {
        writeHeader(header, 0, SegmentEntry.PUT_HEADER_SIZE, SegmentEntry.TAG_DELETE, key);
        crc.reset();
        crc.update(header, 4, header.length - 4);
        putIntLE(header, 0, (int) crc.getValue());
        files.write(header, 0, header.length);
    }

    /** Moves every live record from memory into segment files; from now on everything is staged there. */
    private void toFiles() throws IOException {
        if (files != null) {
            return;
        }
        PreSegments f = new PreSegments(spillDir, maxSegmentSize);
        try {
            for (int r = 0; r < count; r++) {
                if (latest.get(recordKeys, r * 32, recordKeys) != r) {
                    recordPosition[r] = NOWHERE;
                    continue;
                }
                long at = f.begin(Arrays.copyOfRange(recordKeys, r * 32, r * 32 + 32));
                f.write(memory, (int) recordPosition[r], recordSize[r]);
                recordPosition[r] = at;
                recordPrevious[r] = -1; // what it superseded in memory never reaches the log
            }
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        files = f;
        memory = null;
        memoryLength = 0;
    }

    private int reserveMemory(int size) {
        int needed = memoryLength + size;
        if (needed > memory.length) {
            long grown = Math.max(needed, Math.min(spillBytes, Math.max(4096L, memory.length * 2L)));
            memory = Arrays.copyOf(memory, (int) grown);
        }
        int at = memoryLength;
        memoryLength = needed;
        return at;
    }

    private void sealMemory(int at, int size) {
        crc.reset();
        crc.update(memory, at + 4, size - 4);
        putIntLE(memory, at, (int) crc.getValue());
    }

    private static void writeHeader(byte[] dst, int at, int size, int tag, byte[] key) {
        putIntLE(dst, at + 4, size);
        dst[at + 8] = (byte) tag;
        System.arraycopy(key, 0, dst, at + SegmentEntry.HEADER_SIZE, SegmentEntry.KEY_SIZE);
    }

    private static void putIntLE(byte[] dst, int at, int v) {
        dst[at] = (byte) v;
        dst[at + 1] = (byte) (v >>> 8);
        dst[at + 2] = (byte) (v >>> 16);
        dst[at + 3] = (byte) (v >>> 24);
    }

    private void addRecord(byte[] key, long position, int size, int tag) {
        if (count == recordPosition.length) {
            int n = count * 2;
            recordKeys = Arrays.copyOf(recordKeys, n * 32);
            recordPosition = Arrays.copyOf(recordPosition, n);
            recordSize = Arrays.copyOf(recordSize, n);
            recordTag = Arrays.copyOf(recordTag, n);
            recordPrevious = Arrays.copyOf(recordPrevious, n);
        }
        int r = count++;
        System.arraycopy(key, 0, recordKeys, r * 32, 32);
        int previous = latest.get(recordKeys, r * 32, recordKeys);
        if (previous != StagedKeys.ABSENT) {
            untally(previous);
        }
        recordPosition[r] = position;
        recordSize[r] = size;
        recordTag[r] = (byte) tag;
        recordPrevious[r] = previous;
        latest.put(r, recordKeys);
        if (tag == SegmentEntry.TAG_PUT) {
            livePuts++;
            livePutBytes += size;
        } else {
            liveDeletes++;
        }
    }

    private void untally(int r) {
        if (recordTag[r] == SegmentEntry.TAG_PUT) {
            livePuts--;
            livePutBytes -= recordSize[r];
        } else {
            liveDeletes--;
        }
    }

    // ---- reading -----------------------------------------------------------------------------------

    /** The live record of key, or -1. */
    int find(byte[] key) {
        return latest.get(key, 0, recordKeys);
    }

    int tag(int record) {
        return recordTag[record];
    }

    int entrySize(int record) {
        return recordSize[record];
    }

    int dataLength(int record) {
        return recordTag[record] == SegmentEntry.TAG_PUT ? recordSize[record] - SegmentEntry.PUT_HEADER_SIZE : 0;
    }

    /** The flat key array: the key of record r is at [r*32, r*32+32). */
    byte[] keys() {
        return recordKeys;
    }

    int records() {
        return count;
    }

    /** The record this one superseded (same id, staged earlier), or -1. */
    int previous(int record) {
        return recordPrevious[record];
    }

    /** Packed position of a record in the segment files ({@link PreSegments#pack}), or {@link #NOWHERE}. */
    long position(int record) {
        return recordPosition[record];
    }

    /** The first live record ≥ from, or -1. */
    int nextLive(int from) {
        for (int r = from; r < count; r++) {
            if (latest.get(recordKeys, r * 32, recordKeys) == r) {
                return r;
            }
        }
        return -1;
    }

    byte[] data(int record) throws IOException {
        int length = dataLength(record);
        long from = recordPosition[record] + SegmentEntry.PUT_HEADER_SIZE;
        if (files == null && preparedFile == null) {
            return Arrays.copyOfRange(memory, (int) from, (int) from + length);
        }
        byte[] out = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(out);
        if (files != null) {
            files.read(from, buf);
            return out;
        }
        readFully(preparedFile, buf, from);
        if (buf.hasRemaining()) {
            throw new EOFException("prepared file shorter than its records");
        }
        return out;
    }

    InputStream openData(int record) throws IOException {
        int length = dataLength(record);
        long from = recordPosition[record] + SegmentEntry.PUT_HEADER_SIZE;
        if (files == null && preparedFile == null) {
            return new ByteArrayInputStream(memory, (int) from, length);
        }
        return new InputStream() {
            private long at = from;
            private final long end = from + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - at);
                ByteBuffer dst = ByteBuffer.wrap(b, off, n);
                if (files != null) {
                    files.read(at, dst);
                } else {
                    readFully(preparedFile, dst, at);
                    if (dst.hasRemaining()) {
                        throw new EOFException("prepared file shorter than its records");
                    }
                }
                at += n;
                return n;
            }
        };
    }

    /** Appends the entry of record r to the log by copying it; returns its packed location. */
    long appendTo(int record, SegmentWriter writer) throws IOException {
        byte[] key = Arrays.copyOfRange(recordKeys, record * 32, record * 32 + 32);
        if (files != null) {
            byte[] entry = new byte[recordSize[record]];
            files.read(recordPosition[record], ByteBuffer.wrap(entry));
            return writer.append(entry, 0, entry.length, key);
        }
        if (preparedFile == null) {
            return writer.append(memory, (int) recordPosition[record], recordSize[record], key);
        }
        return writer.append(preparedFile, recordPosition[record], recordSize[record], key);
    }

    /** Writes every live entry, in staging order, to out from position at; returns the end position. */
    long copyLiveTo(FileChannel out, long at) throws IOException {
        long position = at;
        for (int r = nextLive(0); r >= 0; r = nextLive(r + 1)) {
            int size = recordSize[r];
            if (files != null) {
                files.transferTo(recordPosition[r], size, out, position);
            } else if (preparedFile == null) {
                writeFully(out, ByteBuffer.wrap(memory, (int) recordPosition[r], size), position);
            } else {
                long done = 0;
                while (done < size) {
                    long n = preparedFile.transferTo(recordPosition[r] + done, size - done, out.position(position + done));
                    if (n <= 0) {
                        throw new EOFException("prepared file shorter than its records");
                    }
                    done += n;
                }
            }
            position += size;
        }
        return position;
    }

    int livePuts() {
        return livePuts;
    }

    int liveDeletes() {
        return liveDeletes;
    }

    /** Σ entry sizes (41 + data) of the live PUTs: what they add to storage_quota_use. */
    long livePutBytes() {
        return livePutBytes;
    }

    /** Σ data bytes of the live PUTs. */
    long liveDataBytes() {
        return livePutBytes - (long) livePuts * SegmentEntry.PUT_HEADER_SIZE;
    }

    boolean isEmpty() {
        return livePuts == 0 && liveDeletes == 0;
    }

    /** Whether the entries moved out of memory into segment files (to be adopted by the log at commit). */
    boolean spilled() {
        return files != null;
    }

    /** The segment files holding the entries, or null while they fit in memory (or for a prepared file). */
    PreSegments files() {
        return files;
    }

    /** Before the commit is queued: the segment files written out and fdatasync'ed (a no-op in memory). */
    void seal() throws IOException {
        if (files != null) {
            files.seal();
        }
    }

    /** Frees the memory and deletes the segment files the log did not adopt. */
    @Override
    public void close() {
        memory = null;
        PreSegments f = files;
        files = null;
        if (f != null) {
            f.close();
        }
        FileChannel ch = preparedFile;
        preparedFile = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // a read-only channel: nothing to lose
            }
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

    static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
    }
}
