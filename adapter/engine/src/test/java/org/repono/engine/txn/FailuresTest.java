package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.IntegrityException;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.StorageQuotaExceededException;
import org.repono.engine.Transaction;
import org.repono.engine.log.SegmentFiles;

class FailuresTest {

    @TempDir
    Path tmp;

    @Test
    void invariant2_aFailedGroupCommitRemovesItsSegmentsAndTheRepositoryStaysUsable() throws IOException {
        Path path = tmp.resolve("repo");
        SegmentFiles files = new SegmentFiles(path, 1000);
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("keep"), TestIds.data("keep", 100));
                t.commit();
            }
            long tid = repo.stats().transactionId();
            long[] before = files.list();
            // the COMMIT segment's name is taken: the data segment gets written, the commit cannot be
            Files.createDirectory(files.pathOf(tid + 2));
            Transaction t = repo.begin();
            t.put(TestIds.id("lost"), TestIds.data("lost", 100));
            t.delete(TestIds.id("keep"));
            RepositoryException e = assertThrows(RepositoryException.class, t::commit);
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertArrayEquals(before, files.list(), "the partial data segment is gone");
            assertFalse(Files.exists(files.pathOf(tid + 2)));
            assertEquals(tid, repo.stats().transactionId(), "state stays at the last commit");
            assertFalse(repo.contains(TestIds.id("lost")));
            assertTrue(repo.contains(TestIds.id("keep")));
            try (Transaction again = repo.begin()) {
                again.put(TestIds.id("next"), TestIds.data("next", 100));
                again.commit();
            }
            assertTrue(repo.contains(TestIds.id("next")));
            assertEquals(tid + 2, repo.stats().transactionId(), "numbers reused after the cleanup");
        }
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            assertEquals(2, repo.size());
            assertFalse(repo.contains(TestIds.id("lost")));
        }
    }

    @Test
    void storageQuotaDoomsTheTransactionAndNothingIsWritten() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options().withStorageQuota(10_000))) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("a"), TestIds.data("a", 6000));
                t.commit();
            }
            long segments = repo.stats().segments();
            Transaction t = repo.begin();
            StorageQuotaExceededException e = assertThrows(StorageQuotaExceededException.class,
                    () -> t.put(TestIds.id("b"), TestIds.data("b", 6000)));
            assertTrue(e.getMessage().contains("storage quota"), e.getMessage());
            assertThrows(StorageQuotaExceededException.class, t::commit, "doomed: commit raises again");
            assertFalse(repo.contains(TestIds.id("b")));
            assertEquals(segments, repo.stats().segments());
            assertEquals(6041, repo.stats().storageQuotaUse());
        }
    }

    @Test
    void damagedDataIsAnIntegrityErrorNamingSegmentAndOffsetNeverWrongBytes() throws IOException {
        Path path = tmp.resolve("repo");
        byte[] id = TestIds.id("victim");
        long segment;
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(id, TestIds.data("victim", 200_000));
                t.commit();
            }
            segment = repo.stats().transactionId() - 1;
        }
        Path file = new SegmentFiles(path, 1000).pathOf(segment);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 150_000);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, 150_000);
        }
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            IntegrityException e = assertThrows(IntegrityException.class, () -> repo.get(id));
            assertTrue(e.getMessage().contains("segment " + segment) && e.getMessage().contains("offset 8"), e.getMessage());
            byte[] sink = new byte[8192];
            try (InputStream in = repo.openStream(id)) {
                assertThrows(IntegrityException.class, () -> {
                    while (in.read(sink) >= 0) {
                        // read to the end: the last chunk must fail, never look complete
                    }
                });
            }
            assertTrue(repo.contains(id));
        }
    }

    @Test
    void invariant3_aCorruptIndexIsRebuiltFromTheSegments() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("x"), TestIds.data("x", 100));
                t.put(TestIds.id("y"), TestIds.data("y", 100));
                t.commit();
            }
        }
        Path index = Files.list(path).filter(p -> p.getFileName().toString().startsWith("index.")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(index);
        bytes[100] ^= 1;
        Files.write(index, bytes);
        try (Repository repo = Repositories.open(path, TestIds.options())) {
            assertEquals(2, repo.size());
            assertArrayEquals(TestIds.data("y", 100), repo.get(TestIds.id("y")));
            assertFalse(Files.exists(index) && Arrays.equals(bytes, Files.readAllBytes(index)), "the bad index was dropped");
        }
    }
}
