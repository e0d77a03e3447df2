package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.PreparedBranch;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;

class PreparedBranchTest {

    @TempDir
    Path tmp;

    static final byte[] XID = "gtrid-1/bqual-1".getBytes(StandardCharsets.US_ASCII);

    private Path path() {
        return tmp.resolve("repo");
    }

    private Path preparedFile(byte[] xid) {
        return path().resolve("repono/prepared/" + java.util.HexFormat.of().formatHex(xid) + ".txn");
    }

    /** Prepares a branch putting a, b and deleting base; returns after closing the repository. */
    private void prepareBranch(byte[] xid) {
        try (Repository repo = Repositories.create(path(), TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("base"), TestIds.data("base", 100));
                t.commit();
            }
            Transaction t = repo.begin();
            t.put(TestIds.id("a"), TestIds.data("a", 1000));
            t.put(TestIds.id("b"), TestIds.data("b", 2000));
            t.delete(TestIds.id("base"));
            t.prepare(xid);
            assertTrue(Files.isRegularFile(preparedFile(xid)), "durable before prepare returns");
            assertFalse(repo.contains(TestIds.id("a")), "prepared is invisible");
            assertTrue(repo.contains(TestIds.id("base")));
            assertThrows(TransactionStateException.class, () -> t.put(TestIds.id("c"), new byte[1]));
            assertEquals(1, repo.preparedBranches().size());
        }
    }

    @Test
    void invariant4_preparedBranchSurvivesReopenAndCommits() {
        prepareBranch(XID);
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            List<PreparedBranch> branches = repo.preparedBranches();
            assertEquals(1, branches.size());
            PreparedBranch b = branches.get(0);
            assertArrayEquals(XID, b.xid());
            assertEquals(2, b.puts());
            assertEquals(1, b.deletes());
            assertEquals(3000, b.bytes());
            assertFalse(repo.contains(TestIds.id("a")));
            repo.commitPrepared(XID);
            assertArrayEquals(TestIds.data("a", 1000), repo.get(TestIds.id("a")));
            assertArrayEquals(TestIds.data("b", 2000), repo.get(TestIds.id("b")));
            assertFalse(repo.contains(TestIds.id("base")));
            assertTrue(repo.preparedBranches().isEmpty());
            assertFalse(Files.exists(preparedFile(XID)));
            repo.commitPrepared(XID); // already decided: a no-op
            repo.rollbackPrepared(XID);
            assertTrue(repo.contains(TestIds.id("a")));
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.preparedBranches().isEmpty());
            assertEquals(2, repo.size());
        }
    }

    @Test
    void invariant4_rolledBackBranchDisappears() {
        prepareBranch(XID);
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            repo.rollbackPrepared(XID);
            assertTrue(repo.preparedBranches().isEmpty());
            assertFalse(Files.exists(preparedFile(XID)));
            assertTrue(repo.contains(TestIds.id("base")));
            assertFalse(repo.contains(TestIds.id("a")));
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.preparedBranches().isEmpty());
        }
    }

    @Test
    void unknownXidsAreNoOps() {
        try (Repository repo = Repositories.create(path(), TestIds.options())) {
            repo.commitPrepared("nobody".getBytes());
            repo.rollbackPrepared("nobody".getBytes());
            assertTrue(repo.preparedBranches().isEmpty());
        }
    }

    @Test
    void invariant4_sameSessionCommitAndRollbackThroughTheTransaction() {
        try (Repository repo = Repositories.create(path(), TestIds.options())) {
            Transaction t = repo.begin();
            t.put(TestIds.id("x"), TestIds.data("x", 10));
            t.prepare(XID);
            assertThrows(TransactionStateException.class, () -> repo.begin().prepare(XID), "xid in use");
            t.commit();
            assertTrue(repo.contains(TestIds.id("x")));
            assertTrue(repo.preparedBranches().isEmpty());
            assertFalse(Files.exists(preparedFile(XID)));

            byte[] other = "other".getBytes();
            Transaction r = repo.begin();
            r.put(TestIds.id("y"), TestIds.data("y", 10));
            r.prepare(other);
            r.rollback();
            assertFalse(repo.contains(TestIds.id("y")));
            assertFalse(Files.exists(preparedFile(other)));
            assertEquals(1, ((LogStore) repo).openTransactions(), "the one begin() left open above");
        }
    }

    @Test
    void invariant4_committedBranchWhoseFileSurvivedACrashIsNotCommittedTwice() throws IOException {
        prepareBranch(XID);
        Path saved = tmp.resolve("saved.txn");
        Files.copy(preparedFile(XID), saved);
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            repo.commitPrepared(XID);
            // after the commit someone deletes what the branch put
            try (Transaction t = repo.begin()) {
                t.delete(TestIds.id("a"));
                t.commit();
            }
        }
        // a crash between the log commit and the file's removal leaves the file behind
        Files.copy(saved, preparedFile(XID), StandardCopyOption.REPLACE_EXISTING);
        try (Repository repo = Repositories.open(path(), TestIds.options().withCheckpointBytes(1L << 40))) {
            assertTrue(repo.preparedBranches().isEmpty(), "its marker is in the log: already committed");
            assertFalse(Files.exists(preparedFile(XID)), "removed at open");
            assertFalse(repo.contains(TestIds.id("a")), "not resurrected by a second commit");
            assertTrue(repo.contains(TestIds.id("b")));
        }
    }

    @Test
    void invariant4_markerIsFoundEvenWhenTheIndexWasCheckpointedPastIt() throws IOException {
        prepareBranch(XID);
        Path saved = tmp.resolve("saved.txn");
        Files.copy(preparedFile(XID), saved);
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            repo.commitPrepared(XID);
            repo.checkpoint(); // borg (or we) may write index.N after the marker
        }
        Files.copy(saved, preparedFile(XID), StandardCopyOption.REPLACE_EXISTING);
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.preparedBranches().isEmpty());
            assertEquals(2, repo.size());
        }
    }

    @Test
    void invariant4_tornPreparedFileIsIgnored() throws IOException {
        prepareBranch(XID);
        Path file = preparedFile(XID);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 7);
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.preparedBranches().isEmpty(), "a torn branch never returned from prepare");
            assertTrue(repo.contains(TestIds.id("base")));
        }
    }

    @Test
    void invariant4_preparedFilesLiveOutsideDataWhereBorgNeverLooks() throws IOException {
        prepareBranch(XID);
        try (Stream<Path> walk = Files.walk(path().resolve("data"))) {
            assertTrue(walk.noneMatch(p -> p.toString().endsWith(".txn")));
        }
        assertTrue(Files.isRegularFile(preparedFile(XID)));
    }

    @Test
    void spilledTransactionPreparesAndCommitsFromItsFileAfterReopen() {
        try (Repository repo = Repositories.create(path(), TestIds.options().withSpillBytes(4096))) {
            Transaction t = repo.begin();
            for (int i = 0; i < 10; i++) {
                t.put(TestIds.id("s" + i), TestIds.data("s" + i, 3000));
            }
            t.prepare(XID);
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertEquals(10, repo.preparedBranches().get(0).puts());
            repo.commitPrepared(XID);
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(TestIds.data("s" + i, 3000), repo.get(TestIds.id("s" + i)));
            }
        }
    }
}
