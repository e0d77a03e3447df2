package org.repono.engine.txn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.repono.engine.IntegrityException;
import org.repono.engine.format.SegmentFormatException;
import org.repono.engine.log.SegmentChannels;

/**
 * An object's data streamed from its segment. Holds a reference on the segment's channel until closed, so the
 * stream reads to the end even if compaction deletes the file meanwhile; a CRC failure surfaces as
 * {@link IntegrityException} on the read that would complete the object.
 */
final class CheckedObjectStream extends InputStream {
    private final Path repository;
    private final InputStream data;
    private SegmentChannels.Handle handle;

    CheckedObjectStream(Path repository, InputStream data, SegmentChannels.Handle handle) {
        this.repository = repository;
        this.data = data;
        this.handle = handle;
    }

    @Override
    public int read() throws IOException {
        try {
            return data.read();
        } catch (SegmentFormatException e) {
            throw new IntegrityException(repository, e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return data.read(b, off, len);
        } catch (SegmentFormatException e) {
            throw new IntegrityException(repository, e.getMessage(), e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return data.skip(n);
        } catch (SegmentFormatException e) {
            throw new IntegrityException(repository, e.getMessage(), e);
        }
    }

    @Override
    public int available() throws IOException {
        return data.available();
    }

    @Override
    public void close() throws IOException {
        data.close();
        SegmentChannels.Handle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }
}
