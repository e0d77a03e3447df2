package org.repono.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    /** Counts what was taken from the underlying stream: the limit must stop the reading, not only the caller. */
    private static final class Source extends ByteArrayInputStream {
        Source(int size) {
            super(new byte[size]);
        }

        int taken() {
            return pos;
        }
    }

    @Test
    void aBodyOfExactlyTheLimitPasses() throws IOException {
        byte[] data = new byte[1000];
        data[999] = 7;

        assertArrayEquals(data, new BoundedInputStream(new ByteArrayInputStream(data), 1000).readAllBytes());
    }

    @Test
    void oneByteMoreFailsAndNoMoreThanThatIsRead() {
        Source source = new Source(100_000);
        InputStream bounded = new BoundedInputStream(source, 1000);

        assertThrows(BodyTooLargeException.class, bounded::readAllBytes);
        assertEquals(1001, source.taken());
    }

    @Test
    void singleByteReadsAndSkipsCountToo() throws IOException {
        InputStream bounded = new BoundedInputStream(new ByteArrayInputStream(new byte[10]), 5);

        assertEquals(4, bounded.skip(4));
        assertEquals(0, bounded.read());
        assertThrows(BodyTooLargeException.class, bounded::read);
    }
}
