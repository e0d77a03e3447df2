package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.HeuristicDecision;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryException;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.log.WriteChannels;

/**
 * An operator's decision on a prepared branch is recorded before it is carried out and remembered across restarts
 * until forgotten; a decision recorded but not carried out (the commit failed) is carried out by the next open.
 */
class HeuristicDecisionTest {

    @TempDir
    Path tmp;

    private static final byte[] XID = "gtrid-h/bqual-h".getBytes(StandardCharsets.US_ASCII);

    private Path path() {
        return tmp.resolve("repo");
    }

    private Path record() {
        return path().resolve("repono/prepared/" + HexFormat.of().formatHex(XID) + ".decision");
    }

    /** Prepares a branch putting "a" and deleting "base", and closes the repository (the server went away). */
    private void prepareBranch() {
        try (Repository repo = Repositories.create(path(), TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("base"), TestIds.data("base", 100));
                t.commit();
            }
            Transaction t = repo.begin();
            t.put(TestIds.id("a"), TestIds.data("a", 1000));
            t.delete(TestIds.id("base"));
            t.prepare(XID);
        }
    }

    @Test
    void aRollbackDecisionIsRememberedAcrossRestartsUntilForgotten() {
        prepareBranch();
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.decision(XID).isEmpty());
            assertTrue(repo.decidePrepared(XID, false));
            assertTrue(Files.isRegularFile(record()));
            assertEquals(0, repo.preparedBranches().size());
            assertFalse(repo.decidePrepared(XID, true), "no longer prepared");
            assertTrue(repo.contains(TestIds.id("base")));
            assertFalse(repo.contains(TestIds.id("a")));
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            HeuristicDecision d = repo.decision(XID).orElseThrow();
            assertArrayEquals(XID, d.xid());
            assertFalse(d.committed());
            assertEquals(1, repo.decisions().size());
            repo.commitPrepared(XID); // what a transaction manager that did not ask would do: nothing is prepared
            assertFalse(repo.contains(TestIds.id("a")));
            assertTrue(repo.forgetDecision(XID));
            assertFalse(Files.exists(record()));
            assertFalse(repo.forgetDecision(XID));
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertTrue(repo.decision(XID).isEmpty());
            assertTrue(repo.decisions().isEmpty());
        }
    }

    @Test
    void aCommitDecisionThatFailsStaysRecordedAndTheNextOpenCarriesItOut() throws Exception {
        prepareBranch();
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            WriteChannels.Opener previous = WriteChannels.replace((file, options, attributes) -> {
                if (file.toString().contains("/data/")) {
                    throw new IOException("injected: no new segment");
                }
                return WriteChannels.platform().open(file, options, attributes);
            });
            try {
                assertThrows(RepositoryException.class, () -> repo.decidePrepared(XID, true));
            } finally {
                WriteChannels.restore(previous);
            }
            assertTrue(Files.isRegularFile(record()), "the decision was recorded first");
            assertEquals(1, repo.preparedBranches().size(), "not carried out: still prepared");
            assertFalse(repo.contains(TestIds.id("a")));
            TransactionStateException other = assertThrows(TransactionStateException.class,
                    () -> repo.decidePrepared(XID, false));
            assertTrue(other.getMessage().contains("commit"), other.getMessage());
            assertThrows(TransactionStateException.class, () -> repo.rollbackPrepared(XID));
        }
        try (Repository repo = Repositories.open(path(), TestIds.options())) {
            assertEquals(0, repo.preparedBranches().size(), "carried out at open");
            assertArrayEquals(TestIds.data("a", 1000), repo.get(TestIds.id("a")));
            assertFalse(repo.contains(TestIds.id("base")));
            assertTrue(repo.decision(XID).orElseThrow().committed());
        }
    }

    @Test
    void aBranchPreparedInThisSessionIsDecidedThroughItsTransaction() {
        try (Repository repo = Repositories.create(path(), TestIds.options())) {
            Transaction t = repo.begin();
            t.put(TestIds.id("live"), TestIds.data("live", 10));
            t.prepare(XID);
            assertTrue(repo.decidePrepared(XID, true));
            assertTrue(repo.contains(TestIds.id("live")));
            assertThrows(TransactionStateException.class, () -> t.put(TestIds.id("x"), new byte[1]));
            assertThrows(TransactionStateException.class, t::rollback, "committed by the operator's decision");
            assertTrue(repo.decision(XID).orElseThrow().committed());
        }
    }
}
