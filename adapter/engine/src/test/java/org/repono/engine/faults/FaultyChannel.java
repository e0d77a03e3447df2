package org.repono.engine.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A real file channel with the faults of a failing disk injected: writes that run out of space after a budget of
 * bytes (ENOSPC, as the kernel reports it, after a short write) and fsyncs that fail (EIO). Everything else goes to
 * the real channel, so what did get written is really on disk.
 */
final class FaultyChannel extends FileChannel {

    /** What goes wrong, shared by every channel one test opens. */
    static final class Faults {
        private long writeBudget = Long.MAX_VALUE;
        private int forcesBeforeFailure = Integer.MAX_VALUE;
        private int forces;
        private int failedForces;
        private long written;
        private Path failedForceOn;

        /** Writes fail with ENOSPC once {@code bytes} more bytes were written (the last one short). */
        synchronized void diskFullAfter(long bytes) {
            writeBudget = written + bytes;
        }

        /** The {@code n}-th fsync from now (1 = the next) fails with EIO; later ones succeed again. */
        synchronized void failForce(int n) {
            forcesBeforeFailure = forces + n;
        }

        synchronized void heal() {
            writeBudget = Long.MAX_VALUE;
            forcesBeforeFailure = Integer.MAX_VALUE;
        }

        synchronized int failedForces() {
            return failedForces;
        }

        synchronized Path failedForceOn() {
            return failedForceOn;
        }

        /** Bytes the write may put on disk (0: ENOSPC now). */
        synchronized int allow(int wanted) {
            long left = writeBudget - written;
            int n = (int) Math.max(0, Math.min(wanted, left));
            written += n;
            return n;
        }

        synchronized boolean forceFails(Path file) {
            forces++;
            if (forces == forcesBeforeFailure) {
                failedForces++;
                failedForceOn = file;
                return true;
            }
            return false;
        }
    }

    private final FileChannel real;
    private final Path file;
    private final Faults faults;

    FaultyChannel(FileChannel real, Path file, Faults faults) {
        this.real = real;
        this.file = file;
        this.faults = faults;
    }

    private int budgeted(ByteBuffer src, Writer write) throws IOException {
        int wanted = src.remaining();
        int allowed = faults.allow(wanted);
        if (allowed == 0 && wanted > 0) {
            throw new IOException("No space left on device");
        }
        if (allowed == wanted) {
            return write.to(src);
        }
        ByteBuffer part = src.slice(src.position(), allowed);
        int n = write.to(part);
        src.position(src.position() + n);
        return n;
    }

    private interface Writer {
        int to(ByteBuffer b) throws IOException;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return budgeted(src, real::write);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return budgeted(src, b -> real.write(b, position));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                int n = write(srcs[i]);
                total += n;
                if (srcs[i].hasRemaining()) {
                    break;
                }
            }
        }
        return total;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.forceFails(file)) {
            throw new IOException("Input/output error");
        }
        real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        // through write(), so that the budget sees these bytes too
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int r = src.read(buffer);
            if (r <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                done += write(buffer, position + done);
            }
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new UnsupportedOperationException("the log never maps a segment it writes");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
