package org.repono.engine.log;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Background fdatasyncs of a file being written: started per step, and a failed one is never lost. */
class WritebackTest {

    /** A channel that only counts (and can fail) fdatasyncs. */
    private static final class SyncCounter extends FileChannel {
        final AtomicInteger forces = new AtomicInteger();
        volatile boolean fail;

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (fail) {
                throw new IOException("Input/output error");
            }
        }

        @Override public int read(ByteBuffer dst) { throw new UnsupportedOperationException(); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public int write(ByteBuffer src) { throw new UnsupportedOperationException(); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public long position() { return 0; }
        @Override public FileChannel position(long newPosition) { return this; }
        @Override public long size() { return 0; }
        @Override public FileChannel truncate(long size) { return this; }
        @Override public long transferTo(long position, long count, WritableByteChannel target) { throw new UnsupportedOperationException(); }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) { throw new UnsupportedOperationException(); }
        @Override public int read(ByteBuffer dst, long position) { throw new UnsupportedOperationException(); }
        @Override public int write(ByteBuffer src, long position) { throw new UnsupportedOperationException(); }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) { throw new UnsupportedOperationException(); }
        @Override public FileLock lock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
        @Override public FileLock tryLock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
        @Override protected void implCloseChannel() { }
    }

    @Test
    void aSyncStartsOnlyOnceAStepWasWritten() throws IOException {
        SyncCounter ch = new SyncCounter();
        try (Writeback w = new Writeback("test-writeback")) {
            w.wrote(ch, Writeback.STEP - 1);
            w.await();
            assertEquals(0, ch.forces.get(), "a small write never syncs in the background");
            w.wrote(ch, 1);
            w.await();
            assertEquals(1, ch.forces.get());
            w.restart();
            w.wrote(ch, Writeback.STEP / 2);
            w.await();
            assertEquals(1, ch.forces.get(), "a new file starts from zero");
        }
    }

    @Test
    void invariant1_aFailedBackgroundSyncFailsTheWaitThatPrecedesTheFilesOwnSync() throws IOException {
        SyncCounter ch = new SyncCounter();
        ch.fail = true;
        Writeback w = new Writeback("test-writeback");
        w.wrote(ch, Writeback.STEP);
        IOException e = assertThrows(IOException.class, w::await);
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        w.wrote(ch, Writeback.STEP);
        assertDoesNotThrow(w::close, "dropping the file: the failure no longer matters");
    }
}
