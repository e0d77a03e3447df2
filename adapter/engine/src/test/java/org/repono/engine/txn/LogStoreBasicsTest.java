package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.InvalidIdException;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.ObjectTooLargeException;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryStats;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.format.SegmentEntry;

class LogStoreBasicsTest {

    @TempDir
    Path tmp;

    private Repository create() {
        return Repositories.create(tmp.resolve("repo"), TestIds.options());
    }

    @Test
    void newRepositoryIsAtTransactionOneWithItsIndexWritten() {
        try (Repository repo = create()) {
            RepositoryStats stats = repo.stats();
            assertEquals(1, stats.transactionId());
            assertEquals(1, stats.indexCheckpointTransaction());
            assertEquals(0, stats.objects());
            assertEquals(2, stats.segments());
        }
        Path r = tmp.resolve("repo");
        assertTrue(Files.isRegularFile(r.resolve("index.1")));
        assertTrue(Files.isRegularFile(r.resolve("hints.1")));
        assertTrue(Files.isRegularFile(r.resolve("integrity.1")));
        assertTrue(Files.isRegularFile(r.resolve("data/0/0")));
        assertTrue(Files.isRegularFile(r.resolve("data/0/1")));
        assertFalse(Files.exists(r.resolve("lock.exclusive")), "lock released at close");
    }

    @Test
    void putGetDeleteListContainsSize() {
        byte[] a = TestIds.id("a");
        byte[] b = TestIds.id("b");
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(a, TestIds.data("a", 100));
                t.put(b, new byte[0]);
                t.commit();
            }
            assertArrayEquals(TestIds.data("a", 100), repo.get(a));
            assertArrayEquals(new byte[0], repo.get(b));
            assertEquals(2, repo.size());
            assertTrue(repo.contains(a));
            assertEquals(Optional.of(100L), repo.objectSize(a));
            assertEquals(Optional.of(0L), repo.objectSize(b));
            Set<String> listed = new HashSet<>();
            for (byte[] id : repo.list(10, null)) {
                listed.add(HexFormat.of().formatHex(id));
            }
            assertEquals(Set.of(HexFormat.of().formatHex(a), HexFormat.of().formatHex(b)), listed);
            List<byte[]> many = repo.getMany(List.of(b, a));
            assertArrayEquals(new byte[0], many.get(0));
            assertArrayEquals(TestIds.data("a", 100), many.get(1));
            try (Transaction t = repo.begin()) {
                t.delete(a);
                t.commit();
            }
            assertFalse(repo.contains(a));
            assertEquals(Optional.empty(), repo.objectSize(a));
            ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> repo.get(a));
            assertTrue(e.getMessage().contains(HexFormat.of().formatHex(a)), e.getMessage());
            assertEquals(1, repo.size());
        }
    }

    @Test
    void listPagesThroughEveryIdInBucketOrder() {
        try (Repository repo = create()) {
            Set<String> put = new HashSet<>();
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 50; i++) {
                    byte[] id = TestIds.id("l" + i);
                    t.put(id, TestIds.data("l" + i, 10));
                    put.add(HexFormat.of().formatHex(id));
                }
                t.commit();
            }
            Set<String> seen = new HashSet<>();
            byte[] marker = null;
            while (true) {
                List<byte[]> page = repo.list(7, marker);
                if (page.isEmpty()) {
                    break;
                }
                for (byte[] id : page) {
                    assertTrue(seen.add(HexFormat.of().formatHex(id)), "listed twice");
                }
                marker = page.get(page.size() - 1);
            }
            assertEquals(put, seen);
        }
    }

    @Test
    void transactionReadsItsOwnWritesAndOthersDoNot() throws Exception {
        byte[] a = TestIds.id("a");
        byte[] b = TestIds.id("b");
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(a, TestIds.data("a", 5));
                t.commit();
            }
            try (Transaction t = repo.begin()) {
                t.put(b, TestIds.data("b", 7));
                t.delete(a);
                assertArrayEquals(TestIds.data("b", 7), t.get(b));
                try (InputStream in = t.openStream(b)) {
                    assertArrayEquals(TestIds.data("b", 7), in.readAllBytes());
                }
                assertTrue(t.contains(b));
                assertFalse(t.contains(a));
                assertEquals(Optional.empty(), t.objectSize(a));
                assertEquals(Optional.of(7L), t.objectSize(b));
                assertThrows(ObjectNotFoundException.class, () -> t.get(a));
                // not visible outside before commit
                assertFalse(repo.contains(b));
                assertTrue(repo.contains(a));
                t.rollback();
            }
            assertFalse(repo.contains(b));
            assertTrue(repo.contains(a));
        }
    }

    @Test
    void putReplacesAndDeleteOfUnknownIdFails() {
        byte[] a = TestIds.id("a");
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(a, TestIds.data("one", 10));
                t.put(a, TestIds.data("two", 20));
                t.commit();
            }
            assertArrayEquals(TestIds.data("two", 20), repo.get(a));
            try (Transaction t = repo.begin()) {
                t.put(a, TestIds.data("three", 30));
                t.commit();
            }
            assertArrayEquals(TestIds.data("three", 30), repo.get(a));
            assertEquals(1, repo.size());
            byte[] unknown = TestIds.id("unknown");
            try (Transaction t = repo.begin()) {
                ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> t.delete(unknown));
                assertEquals(HexFormat.of().formatHex(unknown), e.idHex());
                t.delete(a);
                assertThrows(ObjectNotFoundException.class, () -> t.delete(a), "already deleted in this transaction");
            }
        }
    }

    @Test
    void badIdsAndSizesAreRefusedBeforeAnythingIsWritten() throws Exception {
        try (Repository repo = create()) {
            long segments = repo.stats().segments();
            try (Transaction t = repo.begin()) {
                InvalidIdException e = assertThrows(InvalidIdException.class, () -> t.put(new byte[31], new byte[1]));
                assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
                assertThrows(InvalidIdException.class, () -> t.delete(new byte[33]));
                assertThrows(InvalidIdException.class, () -> repo.get(new byte[0]));
                assertThrows(InvalidIdException.class, () -> repo.get(null));
                ObjectTooLargeException big = assertThrows(ObjectTooLargeException.class,
                        () -> t.put(TestIds.id("big"), new byte[SegmentEntry.MAX_DATA_SIZE + 1]));
                assertTrue(big.getMessage().contains(Integer.toString(SegmentEntry.MAX_DATA_SIZE)), big.getMessage());
                assertThrows(ObjectTooLargeException.class, () -> t.put(TestIds.id("big"),
                        new ByteArrayInputStream(new byte[0]), SegmentEntry.MAX_DATA_SIZE + 1L));
                assertThrows(IllegalArgumentException.class, () -> t.put(TestIds.id("short"),
                        new ByteArrayInputStream(new byte[3]), 10));
                assertTrue(t.isReadOnly());
                t.commit();
            }
            assertEquals(segments, repo.stats().segments(), "nothing written");
            assertEquals(0, repo.size());
        }
    }

    @Test
    void largestObjectRoundTripsAndStreams() throws Exception {
        byte[] id = TestIds.id("max");
        byte[] data = TestIds.data("max", SegmentEntry.MAX_DATA_SIZE);
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(id, new ByteArrayInputStream(data), data.length);
                t.commit();
            }
            assertArrayEquals(data, repo.get(id));
            try (InputStream in = repo.openStream(id)) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void finishedTransactionsRefuseFurtherUse() {
        try (Repository repo = create()) {
            Transaction t = repo.begin();
            t.put(TestIds.id("x"), new byte[1]);
            t.commit();
            assertThrows(TransactionStateException.class, () -> t.put(TestIds.id("y"), new byte[1]));
            assertThrows(TransactionStateException.class, t::commit);
            assertThrows(TransactionStateException.class, t::rollback);
            t.close();
            Transaction r = repo.begin();
            r.rollback();
            r.rollback();
            assertThrows(TransactionStateException.class, () -> r.get(TestIds.id("x")));
        }
    }

    @Test
    void reopenSeesEverythingCommitted() {
        Path path = tmp.resolve("repo");
        List<byte[]> ids = new ArrayList<>();
        try (Repository repo = create()) {
            for (int i = 0; i < 5; i++) {
                try (Transaction t = repo.begin()) {
                    byte[] id = TestIds.id("r" + i);
                    ids.add(id);
                    t.put(id, TestIds.data("r" + i, 1000));
                    t.commit();
                }
            }
        }
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            assertEquals(5, repo.size());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(TestIds.data("r" + i, 1000), repo.get(ids.get(i)));
            }
        }
    }

    @Test
    void lastCommitWinsAndADeleteOfAnIdGoneByThenIsSkipped() {
        byte[] k = TestIds.id("k");
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(k, TestIds.data("k", 10));
                t.commit();
            }
            Transaction a = repo.begin();
            Transaction b = repo.begin();
            a.delete(k);
            b.delete(k);
            b.commit();
            a.commit(); // k is gone by now: the delete is a no-op, never a failure
            assertFalse(repo.contains(k));
            Transaction c = repo.begin();
            Transaction d = repo.begin();
            c.put(k, TestIds.data("c", 10));
            d.put(k, TestIds.data("d", 10));
            d.commit();
            c.commit();
            assertArrayEquals(TestIds.data("c", 10), repo.get(k), "the last commit wins");
            assertEquals(1, repo.size());
        }
    }

    @Test
    void repokeyIsSavedIntoTheConfigAndLoadedBack() throws Exception {
        Path path = tmp.resolve("repo");
        try (Repository repo = create()) {
            assertEquals(Optional.empty(), repo.loadKey());
            repo.saveKey("BORG_KEY 1234\nhQEJAQ==");
            assertEquals(Optional.of("BORG_KEY 1234\nhQEJAQ=="), repo.loadKey());
        }
        assertTrue(Files.readString(path.resolve("config")).contains("key = BORG_KEY 1234"));
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            assertEquals(Optional.of("BORG_KEY 1234\nhQEJAQ=="), repo.loadKey());
            repo.saveKey(null);
            assertEquals(Optional.empty(), repo.loadKey());
        }
        assertFalse(Files.exists(path.resolve("config.old")));
    }

    @Test
    void statsAndSegmentUsageFollowTheHints() {
        try (Repository repo = create()) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("s1"), TestIds.data("s1", 1000));
                t.put(TestIds.id("s2"), TestIds.data("s2", 1000));
                t.commit();
            }
            try (Transaction t = repo.begin()) {
                t.delete(TestIds.id("s1"));
                t.commit();
            }
            RepositoryStats stats = repo.stats();
            assertEquals(1, stats.objects());
            assertEquals(2 * 1041, stats.storageQuotaUse(), "quota use counts every PUT until compaction");
            long live = repo.segmentUsage().stream().mapToLong(u -> u.liveObjects()).sum();
            assertEquals(1, live);
            long freeable = repo.segmentUsage().stream().mapToLong(u -> u.freeableBytes()).sum();
            assertEquals(stats.freeableBytes(), freeable);
            assertTrue(freeable >= 1041 + 41, "the deleted PUT and its DELETE are freeable");
            assertEquals(stats.segments(), repo.segmentUsage().size());
        }
    }
}
