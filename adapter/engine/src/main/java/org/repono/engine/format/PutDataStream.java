package org.repono.engine.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * The data of one PUT entry read from its segment in chunks, CRC-checked on the way. A chunk is checked
 * before any of it is handed out, and the CRC is compared when the chunk holding the last byte arrives,
 * so a corrupt object always ends in a {@link SegmentFormatException} and never reads as complete.
 * Does not close the channel (the log layer owns it).
 */
public final class PutDataStream extends InputStream {

    private static final int CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final long segment;
    private final long entryOffset;
    private final int expectedCrc;
    private final long dataStart;
    private final int length;
    private final CRC32 crc = new CRC32();
    private final byte[] chunk;
    private final ByteBuffer chunkBuffer;

    private int fetched;     // data bytes read from the file so far
    private int chunkPos;
    private int chunkEnd;
    private boolean closed;

    PutDataStream(FileChannel channel, long segment, long entryOffset, byte[] header, int length) {
        this.channel = channel;
        this.segment = segment;
        this.entryOffset = entryOffset;
        this.expectedCrc = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 | (header[3] & 0xFF) << 24;
        this.dataStart = entryOffset + SegmentEntry.PUT_HEADER_SIZE;
        this.length = length;
        this.crc.update(header, 4, SegmentEntry.PUT_HEADER_SIZE - 4);
        this.chunk = new byte[Math.max(1, Math.min(CHUNK, length))];
        this.chunkBuffer = ByteBuffer.wrap(chunk);
        if (length == 0) {
            verify();
        }
    }

    /** Data length of the object. */
    public int length() {
        return length;
    }

    @Override
    public int read() throws IOException {
        if (!refill()) {
            return -1;
        }
        return chunk[chunkPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!refill()) {
            return -1;
        }
        int n = Math.min(len, chunkEnd - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    @Override
    public int available() {
        return closed ? 0 : length - fetched + (chunkEnd - chunkPos);
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping still reads: the CRC must see every byte before the end is reported
        long skipped = 0;
        while (skipped < n && refill()) {
            int step = (int) Math.min(n - skipped, chunkEnd - chunkPos);
            chunkPos += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean refill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (chunkPos < chunkEnd) {
            return true;
        }
        if (fetched == length) {
            return false;
        }
        int want = Math.min(chunk.length, length - fetched);
        chunkBuffer.clear().limit(want);
        SegmentScanner.readFully(channel, chunkBuffer, dataStart + fetched);
        if (chunkBuffer.position() != want) {
            throw new SegmentFormatException(segment, entryOffset, SegmentFormatException.SHORT_READ,
                    "data: expected " + length + " bytes, got " + (fetched + chunkBuffer.position()));
        }
        crc.update(chunk, 0, want);
        fetched += want;
        if (fetched == length) {
            verify();
        }
        chunkPos = 0;
        chunkEnd = want;
        return true;
    }

    private void verify() {
        if ((int) crc.getValue() != expectedCrc) {
            closed = true;
            throw new SegmentFormatException(segment, entryOffset, SegmentFormatException.CRC_MISMATCH, null);
        }
    }
}
