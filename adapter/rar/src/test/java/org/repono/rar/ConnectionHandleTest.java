package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.ObjectEntry;
import org.repono.api.ObjectId;
import org.repono.api.ObjectNotFoundException;
import org.repono.api.ObjectPage;
import org.repono.api.ObjectTooLargeException;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/** The client API outside any transaction: each change commits by itself, reads see what is committed. */
class ConnectionHandleTest {

    @TempDir
    Path home;
    private AdapterUnderTest adapter;
    private RepositoryConnectionFactory factory;

    @BeforeEach
    void start() throws Exception {
        adapter = new AdapterUnderTest(home.resolve("repo"));
        factory = adapter.factory();
    }

    @AfterEach
    void stop() {
        adapter.close();
    }

    private static ObjectId id(String text) {
        return ObjectId.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void putGetReplaceDeleteEachCommitByThemselves() {
        ObjectId a = id("a");
        try (RepositoryConnection c = factory.getConnection()) {
            assertFalse(c.contains(a));
            c.put(a, "first".getBytes(StandardCharsets.UTF_8));
        }
        try (RepositoryConnection other = factory.getConnection()) {
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), other.get(a));
            other.put(a, "second!".getBytes(StandardCharsets.UTF_8));
            assertEquals(Optional.of(7L), other.size(a));
            assertEquals(1, other.count());
            other.delete(a);
            assertFalse(other.contains(a));
            assertEquals(Optional.empty(), other.size(a));
            assertEquals(0, other.count());
        }
    }

    @Test
    void aMissingObjectIsNamedWithItsRepository() {
        ObjectId missing = id("missing");
        try (RepositoryConnection c = factory.getConnection()) {
            ObjectNotFoundException get = assertThrows(ObjectNotFoundException.class, () -> c.get(missing));
            assertTrue(get.getMessage().contains(missing.toHex()), get.getMessage());
            assertTrue(get.getMessage().contains("repository 'repo'"), get.getMessage());
            ObjectNotFoundException delete = assertThrows(ObjectNotFoundException.class, () -> c.delete(missing));
            assertTrue(delete.getMessage().contains(missing.toHex()), delete.getMessage());
            assertThrows(ObjectNotFoundException.class, () -> c.openStream(missing));
        }
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing() {
        try (RepositoryConnection c = factory.getConnection()) {
            InvalidObjectIdException nullId = assertThrows(InvalidObjectIdException.class, () -> c.put(null, new byte[1]));
            assertTrue(nullId.getMessage().contains("no object id"), nullId.getMessage());
            IllegalArgumentException nullData = assertThrows(IllegalArgumentException.class,
                    () -> c.put(id("x"), (byte[]) null));
            assertTrue(nullData.getMessage().contains(id("x").toHex()), nullData.getMessage());
            ObjectTooLargeException tooLarge = assertThrows(ObjectTooLargeException.class,
                    () -> c.put(id("big"), new byte[ContentSpool.MAX_DATA_SIZE + 1]));
            assertTrue(tooLarge.getMessage().contains("repository 'repo'"), tooLarge.getMessage());
            IllegalArgumentException shortStream = assertThrows(IllegalArgumentException.class,
                    () -> c.put(id("short"), new ByteArrayInputStream(new byte[10]), 11));
            assertTrue(shortStream.getMessage().contains(id("short").toHex()), shortStream.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.list(null, 0, null));
            assertThrows(IllegalArgumentException.class, () -> c.list(null, 10_001, null));
            InvalidObjectIdException prefix = assertThrows(InvalidObjectIdException.class, () -> c.list("xyz", 10, null));
            assertTrue(prefix.getMessage().contains("xyz"), prefix.getMessage());
            assertEquals(0, c.count());
        }
    }

    @Test
    void aHandleUsedAfterCloseFailsClearly() {
        RepositoryConnection c = factory.getConnection();
        c.close();
        c.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.get(id("a")));
        assertEquals("this Repono connection is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.put(id("a"), new byte[1]));
        assertThrows(IllegalStateException.class, c::getLocalTransaction);
        assertThrows(IllegalStateException.class, () -> c.maintenance().statistics());
    }

    @Test
    void listingPagesThroughEveryObjectOnceAndFiltersByPrefix() {
        Set<ObjectId> all = new HashSet<>();
        try (RepositoryConnection c = factory.getConnection()) {
            for (int i = 0; i < 300; i++) {
                ObjectId id = c.putContent(("object " + i).getBytes(StandardCharsets.UTF_8));
                all.add(id);
            }
            List<ObjectEntry> seen = new ArrayList<>();
            ObjectId marker = null;
            int pages = 0;
            do {
                ObjectPage page = c.list(null, 64, marker);
                assertTrue(page.entries().size() <= 64);
                seen.addAll(page.entries());
                marker = page.nextMarker();
                pages++;
            } while (marker != null);
            assertEquals(5, pages); // 64+64+64+64+44: the last page says it is the last
            assertEquals(all, new HashSet<>(seen.stream().map(ObjectEntry::id).toList()));
            assertEquals(300, seen.size());
            for (ObjectEntry e : seen) {
                assertEquals(c.size(e.id()).orElseThrow(), e.size());
            }

            for (String prefix : List.of("a", "A7", "3f", "")) {
                Set<ObjectId> expected = new HashSet<>();
                for (ObjectId id : all) {
                    if (id.hasHexPrefix(prefix)) {
                        expected.add(id);
                    }
                }
                Set<ObjectId> listed = new HashSet<>();
                marker = null;
                do {
                    ObjectPage page = c.list(prefix, 7, marker);
                    page.entries().forEach(e -> listed.add(e.id()));
                    marker = page.nextMarker();
                } while (marker != null);
                assertEquals(expected, listed, "prefix " + prefix);
            }
        }
    }

    @Test
    void contentIsStoredUnderItsSha256AndStreamedBothWays() throws Exception {
        // over the in-memory part of the spool: the content goes through a temporary file
        byte[] content = new byte[3 * ContentSpool.IN_MEMORY + 12345];
        new Random(7).nextBytes(content);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
        try (RepositoryConnection c = factory.getConnection()) {
            ObjectId id = c.putContent(new ByteArrayInputStream(content));
            assertArrayEquals(digest, id.toBytes());
            try (InputStream in = c.openStream(id)) {
                assertArrayEquals(content, in.readAllBytes());
            }
            ObjectId small = c.putContent(new ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertEquals(ObjectId.sha256(new byte[] {1, 2, 3}), small);
            assertEquals(Optional.of(3L), c.size(small));
        }
    }

    @Test
    void contentOverBorgsLimitIsRefusedAndLeavesNoTemporaryFile() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long spoolsBefore = spools(tmp);
        InputStream endless = new InputStream() {
            private long left = ContentSpool.MAX_DATA_SIZE + 1L;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        try (RepositoryConnection c = factory.getConnection()) {
            ObjectTooLargeException e = assertThrows(ObjectTooLargeException.class, () -> c.putContent(endless));
            assertTrue(e.getMessage().contains("20971479"), e.getMessage());
            assertEquals(0, c.count());
        }
        assertEquals(spoolsBefore, spools(tmp));
    }

    private static long spools(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("repono-content-")).count();
        }
    }

    @Test
    void aTwentyMebibyteObjectStreamsInAndOut() throws Exception {
        long length = ContentSpool.MAX_DATA_SIZE;
        ObjectId id = id("large");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        try (RepositoryConnection c = factory.getConnection()) {
            c.put(id, new PatternStream(length, written), length);
            assertEquals(Optional.of(length), c.size(id));
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[8192];
            long total = 0;
            try (InputStream in = c.openStream(id)) {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    read.update(chunk, 0, n);
                    total += n;
                }
            }
            assertEquals(length, total);
            assertArrayEquals(written.digest(), read.digest());
        }
    }

    /** Generated bytes, digested as they are handed out: the test holds no copy of them. */
    static final class PatternStream extends InputStream {
        private final MessageDigest digest;
        private long left;
        private long position;

        PatternStream(long length, MessageDigest digest) {
            this.left = length;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = (byte) (p * 31 + (p >>> 11));
            }
            digest.update(b, off, n);
            position += n;
            left -= n;
            return n;
        }
    }

    @Test
    void theAddressNamesTheRepositoryAndItsFolder() {
        try (RepositoryConnection c = factory.getConnection()) {
            assertEquals("repo", c.address().name());
            assertEquals(home.resolve("repo").toString(), c.address().folder());
            assertTrue(c.address().exists());
        }
        assertEquals("repo", factory.repositoryName());
        assertNull(null);
    }
}
