package org.repono.engine.txn;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.log.SegmentWriter;

/**
 * A transaction's staged changes, already in segment-entry form (CRC computed when staged), so that committing is
 * a byte copy into the log. Entries live in memory up to {@code spillBytes}, then everything moves to a spill
 * file (positions are kept: the file starts with the memory's bytes). A later put or delete of the same id
 * supersedes the earlier record; only the newest record per id is "live". Not thread-safe.
 *
 * <p>The same structure reads a prepared file's entries back ({@link #ofFile}), so a prepared branch commits
 * exactly like a live transaction.
 */
final class Staging implements AutoCloseable {

    private static final int STREAM_CHUNK = 64 * 1024;

    private final Path spillDir;
    private final long spillBytes;
    private final CRC32 crc = new CRC32();

    private byte[] memory = new byte[0];
    private int memoryLength;
    private FileChannel spill;
    private long spillLength;
    private final boolean readOnly;

    private int count;
    private byte[] recordKeys = new byte[32 * 8];
    private long[] recordPosition = new long[8];
    private int[] recordSize = new int[8];
    private byte[] recordTag = new byte[8];
    private final StagedKeys latest = new StagedKeys();

    private int livePuts;
    private int liveDeletes;
    private long livePutBytes;

    Staging(Path spillDir, long spillBytes) {
        this.spillDir = spillDir;
        this.spillBytes = spillBytes;
        this.readOnly = false;
    }

    private Staging(FileChannel file) {
        this.spillDir = null;
        this.spillBytes = 0;
        this.spill = file;
        this.readOnly = true;
    }

    /**
     * Entries held in {@code file} between {@code start} and {@code end} (segment-entry form, CRCs checked).
     * The staging owns the channel from now on.
     *
     * @throws IOException when an entry is cut short, malformed or fails its CRC
     */
    static Staging ofFile(FileChannel file, long start, long end) throws IOException {
        Staging s = new Staging(file);
        s.spillLength = end;
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
        if (spill == null && (long) memoryLength + size <= spillBytes) {
            int at = reserveMemory(size);
            writeHeader(memory, at, size, SegmentEntry.TAG_PUT, key);
            System.arraycopy(data, 0, memory, at + SegmentEntry.PUT_HEADER_SIZE, data.length);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_PUT);
            return;
        }
        ensureSpill();
        byte[] header = new byte[SegmentEntry.PUT_HEADER_SIZE];
        writeHeader(header, 0, size, SegmentEntry.TAG_PUT, key);
        crc.reset();
        crc.update(header, 4, header.length - 4);
        crc.update(data);
        putIntLE(header, 0, (int) crc.getValue());
        long at = spillLength;
        writeFully(spill, ByteBuffer.wrap(header), at);
        writeFully(spill, ByteBuffer.wrap(data), at + header.length);
        spillLength += size;
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
        if (spill == null && (long) memoryLength + size <= spillBytes) {
            int at = reserveMemory(size);
            int got = in.readNBytes(memory, at + SegmentEntry.PUT_HEADER_SIZE, length);
            if (got != length) {
                throw new EOFException("the stream ended after " + got + " of " + length + " bytes");
            }
            writeHeader(memory, at, size, SegmentEntry.TAG_PUT, key);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_PUT);
            return;
        }
        ensureSpill();
        long at = spillLength;
        byte[] header = new byte[SegmentEntry.PUT_HEADER_SIZE];
        writeHeader(header, 0, size, SegmentEntry.TAG_PUT, key);
        crc.reset();
        crc.update(header, 4, header.length - 4);
        byte[] chunk = new byte[Math.min(STREAM_CHUNK, Math.max(1, length))];
        long done = 0;
        try {
            while (done < length) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, length - done));
                if (n <= 0) {
                    throw new EOFException("the stream ended after " + done + " of " + length + " bytes");
                }
                crc.update(chunk, 0, n);
                writeFully(spill, ByteBuffer.wrap(chunk, 0, n), at + SegmentEntry.PUT_HEADER_SIZE + done);
                done += n;
            }
        } catch (IOException | RuntimeException e) {
            spill.truncate(at);
            throw e;
        }
        putIntLE(header, 0, (int) crc.getValue());
        writeFully(spill, ByteBuffer.wrap(header), at);
        spillLength += size;
        addRecord(key, at, size, SegmentEntry.TAG_PUT);
    }

    /** Stages a DELETE of key. */
    void delete(byte[] key) throws IOException {
        int size = SegmentEntry.PUT_HEADER_SIZE;
        if (spill == null && (long) memoryLength + size <= spillBytes) {
            int at = reserveMemory(size);
            writeHeader(memory, at, size, SegmentEntry.TAG_DELETE, key);
            sealMemory(at, size);
            addRecord(key, at, size, SegmentEntry.TAG_DELETE);
            return;
        }
        ensureSpill();
        byte[] entry = new byte[size];
        writeHeader(entry, 0, size, SegmentEntry.TAG_DELETE, key);
        crc.reset();
        crc.update(entry, 4, size - 4);
        putIntLE(entry, 0, (int) crc.getValue());
        writeFully(spill, ByteBuffer.wrap(entry), spillLength);
        long at = spillLength;
        spillLength += size;
        addRecord(key, at, size, SegmentEntry.TAG_DELETE);
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

    private void ensureSpill() throws IOException {
        if (readOnly) {
            throw new IllegalStateException("a prepared branch cannot be changed");
        }
        if (spill != null) {
            return;
        }
        Files.createDirectories(spillDir);
        Path file = spillDir.resolve("txn-" + UUID.randomUUID() + ".spill");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        try {
            writeFully(ch, ByteBuffer.wrap(memory, 0, memoryLength), 0);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        spill = ch;
        spillLength = memoryLength;
        memory = null;
        memoryLength = 0;
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
        }
        int previous = latest.get(key, 0);
        if (previous != StagedKeys.ABSENT) {
            untally(previous);
        }
        int r = count++;
        System.arraycopy(key, 0, recordKeys, r * 32, 32);
        recordPosition[r] = position;
        recordSize[r] = size;
        recordTag[r] = (byte) tag;
        latest.put(key, 0, r);
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
        return latest.get(key, 0);
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

    /** The first live record ≥ from, or -1. */
    int nextLive(int from) {
        for (int r = from; r < count; r++) {
            if (latest.get(recordKeys, r * 32) == r) {
                return r;
            }
        }
        return -1;
    }

    byte[] data(int record) throws IOException {
        int length = dataLength(record);
        long from = recordPosition[record] + SegmentEntry.PUT_HEADER_SIZE;
        if (spill == null) {
            return Arrays.copyOfRange(memory, (int) from, (int) from + length);
        }
        byte[] out = new byte[length];
        ByteBuffer buf = ByteBuffer.wrap(out);
        readFully(spill, buf, from);
        if (buf.hasRemaining()) {
            throw new EOFException("spill file shorter than its records");
        }
        return out;
    }

    InputStream openData(int record) throws IOException {
        int length = dataLength(record);
        long from = recordPosition[record] + SegmentEntry.PUT_HEADER_SIZE;
        if (spill == null) {
            return new ByteArrayInputStream(memory, (int) from, length);
        }
        FileChannel ch = spill;
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
                int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
                if (n < 0) {
                    throw new EOFException("spill file shorter than its records");
                }
                at += n;
                return n;
            }
        };
    }

    /** Appends the entry of record r to the log; returns its packed location. */
    long appendTo(int record, SegmentWriter writer) throws IOException {
        byte[] key = Arrays.copyOfRange(recordKeys, record * 32, record * 32 + 32);
        if (spill == null) {
            return writer.append(memory, (int) recordPosition[record], recordSize[record], key);
        }
        return writer.append(spill, recordPosition[record], recordSize[record], key);
    }

    /** Writes every live entry, in staging order, to out from position at; returns the end position. */
    long copyLiveTo(FileChannel out, long at) throws IOException {
        long position = at;
        for (int r = nextLive(0); r >= 0; r = nextLive(r + 1)) {
            int size = recordSize[r];
            if (spill == null) {
                writeFully(out, ByteBuffer.wrap(memory, (int) recordPosition[r], size), position);
            } else {
                long done = 0;
                while (done < size) {
                    long n = spill.transferTo(recordPosition[r] + done, size - done, out.position(position + done));
                    if (n <= 0) {
                        throw new EOFException("spill file shorter than its records");
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

    boolean spilled() {
        return spill != null && !readOnly;
    }

    /** Frees the memory and deletes the spill file. */
    @Override
    public void close() {
        memory = null;
        FileChannel ch = spill;
        spill = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // DELETE_ON_CLOSE removes it; a close failure changes nothing we rely on
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
