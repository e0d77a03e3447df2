package org.repono.rar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import org.repono.engine.HeuristicDecision;
import org.repono.engine.PreparedBranch;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;

/**
 * The XA protocol on one repository: every branch in flight, whichever managed connection's XAResource the
 * transaction manager talks to (it may start a branch on one connection, join it from another and commit it
 * through a third: {@link BranchResource#isSameRM} says they are one resource manager). Branches prepared before
 * a restart are not in the table: the engine found them on disk when it opened and decides them by xid.
 *
 * <p>An operator's decision on a prepared branch (through {@code RepositoryMaintenance}) is the engine's heuristic
 * decision: recorded durably before it is carried out and remembered until {@code forget}, across restarts. The
 * transaction manager's later commit or rollback of that Xid then answers XA_HEURCOM or XA_HEURRB (whether the
 * operator agreed with it or not: the branch is one log commit, so it is all committed or all rolled back and
 * XA_HEURMIX never applies; the decision is carried out before the answer, so XA_HEURHAZ never does either), and
 * {@code recover} keeps listing the Xid until {@code forget}.
 *
 * <p>Failures never pass for success: a decision the repository cannot carry out now answers XAER_RMFAIL (or
 * XA_RETRY), which keeps the transaction manager's record and makes it try again.
 */
final class BranchTable {

    private static final System.Logger LOG = System.getLogger(BranchTable.class.getName());
    /** How many decided xids are remembered, so that a repeated commit or rollback gets the same answer. */
    private static final int DECIDED_MEMORY = 4096;

    private final SharedRepository repository;
    private final Map<XidBytes, Branch> live = new ConcurrentHashMap<>();
    private final Map<XidBytes, Boolean> decided = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<XidBytes, Boolean> eldest) {
            return size() > DECIDED_MEMORY;
        }
    });

    BranchTable(SharedRepository repository) {
        this.repository = repository;
    }

    /** start(TMNOFLAGS): a new branch with a fresh engine transaction. */
    Branch begin(XidBytes xid) throws XAException {
        if (live.containsKey(xid)) {
            throw xa(XAException.XAER_DUPID, "branch " + xid + " already exists", null);
        }
        Branch branch = new Branch(xid, repository);
        if (live.putIfAbsent(xid, branch) != null) {
            throw xa(XAException.XAER_DUPID, "branch " + xid + " already exists", null);
        }
        return branch;
    }

    /** start(TMJOIN / TMRESUME) and end(): the branch, which must still take work (or be ending). */
    Branch existing(XidBytes xid) throws XAException {
        Branch branch = live.get(xid);
        if (branch != null) {
            return branch;
        }
        if (Boolean.FALSE.equals(decided.get(xid))) {
            throw xa(XAException.XA_RBROLLBACK, "branch " + xid + " was rolled back", null);
        }
        throw xa(XAException.XAER_NOTA, "no branch " + xid + " on this repository", null);
    }

    int prepare(XidBytes xid) throws XAException {
        Branch branch = existing(xid);
        branch.lock();
        try {
            switch (branch.stateLocked()) {
                case ACTIVE -> {
                    Transaction transaction = branch.transaction();
                    if (branch.readOnlyLocked()) {
                        closeQuietly(transaction);
                        finish(branch, Branch.State.COMMITTED);
                        return XAResource.XA_RDONLY;
                    }
                    try {
                        transaction.prepare(xid.encoded());
                    } catch (RuntimeException e) {
                        // nothing durable was left behind (the engine removes a failed prepare): undo the branch
                        rollbackQuietly(transaction);
                        finish(branch, Branch.State.ROLLED_BACK);
                        throw xa(XAException.XA_RBOTHER, "prepare of " + xid + " failed, the branch was rolled back", e);
                    }
                    branch.moveTo(Branch.State.PREPARED);
                    return XAResource.XA_OK;
                }
                case ROLLBACK_ONLY -> {
                    rollbackQuietly(branch.transaction());
                    finish(branch, Branch.State.ROLLED_BACK);
                    throw xa(XAException.XA_RBROLLBACK, "branch " + xid + " was marked for rollback", null);
                }
                default -> throw xa(XAException.XAER_PROTO, "branch " + xid + " is " + branch.stateLocked()
                        + ": it cannot be prepared", null);
            }
        } finally {
            branch.unlock();
        }
    }

    void commit(XidBytes xid, boolean onePhase) throws XAException {
        reportHeuristic(xid);
        Branch branch = live.get(xid);
        if (branch == null) {
            commitUnknown(xid, onePhase);
            return;
        }
        branch.lock();
        try {
            Branch.State state = branch.stateLocked();
            if (onePhase) {
                commitOnePhase(branch, state);
            } else if (state == Branch.State.PREPARED) {
                try {
                    branch.transaction().commit();
                } catch (RuntimeException e) {
                    // the prepared branch is still on disk: the transaction manager tries again later
                    throw xa(retryCode(e), "commit of prepared branch " + xid + " failed; it stays prepared", e);
                }
                finish(branch, Branch.State.COMMITTED);
            } else if (state == Branch.State.COMMITTED || state == Branch.State.ROLLED_BACK) {
                // an operator decided it while this call waited for the branch
                reportHeuristic(xid);
                live.remove(xid, branch);
                if (state == Branch.State.ROLLED_BACK) {
                    throw xa(XAException.XA_RBROLLBACK, "branch " + xid + " was rolled back", null);
                }
            } else {
                throw xa(XAException.XAER_PROTO, "branch " + xid + " is " + state + ": two-phase commit needs prepare first", null);
            }
        } finally {
            branch.unlock();
        }
    }

    private void commitOnePhase(Branch branch, Branch.State state) throws XAException {
        Transaction transaction = branch.transaction();
        switch (state) {
            case ACTIVE -> {
                if (branch.readOnlyLocked()) {
                    closeQuietly(transaction);
                    finish(branch, Branch.State.COMMITTED);
                    return;
                }
                try {
                    transaction.commit();
                } catch (RuntimeException e) {
                    // the engine rolled the transaction back: nothing of it is visible
                    finish(branch, Branch.State.ROLLED_BACK);
                    throw xa(XAException.XA_RBOTHER, "commit of " + branch.xid + " failed, the branch was rolled back", e);
                }
                finish(branch, Branch.State.COMMITTED);
            }
            case ROLLBACK_ONLY -> {
                rollbackQuietly(transaction);
                finish(branch, Branch.State.ROLLED_BACK);
                throw xa(XAException.XA_RBROLLBACK, "branch " + branch.xid + " was marked for rollback", null);
            }
            default -> throw xa(XAException.XAER_PROTO, "branch " + branch.xid + " is " + state
                    + ": one-phase commit needs an active branch", null);
        }
    }

    /** A branch this session did not start: prepared before a restart, or decided already. */
    private void commitUnknown(XidBytes xid, boolean onePhase) throws XAException {
        Boolean outcome = decided.get(xid);
        if (outcome != null) {
            if (outcome) {
                return; // committed already: the same answer again
            }
            throw xa(XAException.XA_RBROLLBACK, "branch " + xid + " was rolled back", null);
        }
        if (!onePhase && preparedOnDiskXa(xid)) {
            try {
                repository.engine().commitPrepared(xid.encoded());
            } catch (RuntimeException e) {
                throw xa(retryCode(e), "commit of recovered branch " + xid + " failed; it stays prepared", e);
            }
            decided.put(xid, true);
            LOG.log(System.Logger.Level.INFO, "repository ''{0}'': recovered branch {1} committed", repository.name(), xid);
            return;
        }
        throw xa(XAException.XAER_NOTA, "no branch " + xid + " on this repository", null);
    }

    void rollback(XidBytes xid) throws XAException {
        reportHeuristic(xid);
        Branch branch = live.get(xid);
        if (branch == null) {
            Boolean outcome = decided.get(xid);
            if (Boolean.TRUE.equals(outcome)) {
                throw xa(XAException.XA_HEURCOM, "branch " + xid + " committed already", null);
            }
            if (outcome == null && preparedOnDiskXa(xid)) {
                try {
                    repository.engine().rollbackPrepared(xid.encoded());
                } catch (RuntimeException e) {
                    throw xa(retryCode(e), "rollback of recovered branch " + xid + " failed; it stays prepared", e);
                }
                decided.put(xid, false);
                LOG.log(System.Logger.Level.INFO, "repository ''{0}'': recovered branch {1} rolled back", repository.name(), xid);
                return;
            }
            if (outcome == null) {
                throw xa(XAException.XAER_NOTA, "no branch " + xid + " on this repository", null);
            }
            return; // rolled back already (a timeout, a failed prepare): the same answer again
        }
        branch.lock();
        try {
            switch (branch.stateLocked()) {
                case ACTIVE, ROLLBACK_ONLY -> {
                    rollbackQuietly(branch.transaction());
                    finish(branch, Branch.State.ROLLED_BACK);
                }
                case PREPARED -> {
                    try {
                        branch.transaction().rollback();
                    } catch (RuntimeException e) {
                        throw xa(retryCode(e), "rollback of prepared branch " + xid + " failed; it stays prepared", e);
                    }
                    finish(branch, Branch.State.ROLLED_BACK);
                }
                case ROLLED_BACK -> {
                    reportHeuristic(xid); // an operator decided it while this call waited for the branch
                    live.remove(xid, branch);
                }
                case COMMITTED -> {
                    reportHeuristic(xid);
                    live.remove(xid, branch);
                    throw xa(XAException.XA_HEURCOM, "branch " + xid + " committed already", null);
                }
            }
        } finally {
            branch.unlock();
        }
    }

    /**
     * recover's answer: every branch prepared on disk and every one an operator decided that the transaction manager
     * has not forgotten yet, as XA Xids.
     */
    XidBytes[] recover() throws XAException {
        List<PreparedBranch> prepared;
        List<HeuristicDecision> decisions;
        try {
            prepared = repository.engine().preparedBranches();
            decisions = repository.engine().decisions();
        } catch (RuntimeException e) {
            throw xa(XAException.XAER_RMFAIL, "cannot list the prepared branches", e);
        }
        Set<XidBytes> xids = new LinkedHashSet<>();
        for (PreparedBranch branch : prepared) {
            addXid(xids, branch.xid(), "a prepared branch");
        }
        for (HeuristicDecision decision : decisions) {
            addXid(xids, decision.xid(), "an operator's decision on a branch");
        }
        return xids.toArray(new XidBytes[0]);
    }

    private void addXid(Set<XidBytes> xids, byte[] encoded, String what) {
        try {
            xids.add(XidBytes.decode(encoded));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "repository ''{0}'': {1} with an id that is not an XA Xid is left for"
                    + " an operator: {2}", repository.name(), what, e.getMessage());
        }
    }

    /** forget(): the transaction manager has heard of the operator's decision; its record goes. */
    void forget(XidBytes xid) throws XAException {
        boolean forgotten;
        try {
            forgotten = repository.engine().forgetDecision(xid.encoded());
        } catch (RuntimeException e) {
            throw xa(retryCode(e), "cannot forget the decision on " + xid, e);
        }
        if (!forgotten) {
            throw xa(XAException.XAER_NOTA, "no heuristic decision on " + xid + " to forget", null);
        }
        LOG.log(System.Logger.Level.INFO, "repository ''{0}'': the decision on branch {1} is forgotten",
                repository.name(), xid);
    }

    /**
     * When an operator decided the branch: the decision carried out (if a failure or a restart left it pending), the
     * branch gone from the table, and the heuristic outcome thrown. Returns quietly when no decision is recorded.
     */
    private void reportHeuristic(XidBytes xid) throws XAException {
        Optional<HeuristicDecision> recorded;
        try {
            recorded = repository.engine().decision(xid.encoded());
        } catch (RuntimeException e) {
            throw xa(retryCode(e), "the operator's decision on " + xid + " cannot be carried out now", e);
        }
        if (recorded.isEmpty()) {
            return;
        }
        HeuristicDecision decision = recorded.get();
        Branch branch = live.remove(xid);
        if (branch != null) {
            branch.lock();
            try {
                branch.moveTo(decision.committed() ? Branch.State.COMMITTED : Branch.State.ROLLED_BACK);
            } finally {
                branch.unlock();
            }
        }
        throw xa(decision.committed() ? XAException.XA_HEURCOM : XAException.XA_HEURRB, "branch " + xid + " was "
                + (decision.committed() ? "committed" : "rolled back") + " by an operator's decision at "
                + decision.decided() + " (forget it to drop the record)", null);
    }

    /**
     * An operator's decision on an in-doubt branch: the engine records it durably, then carries it out (through the
     * branch's own engine transaction when this session prepared it); the transaction manager hears of it as a
     * heuristic outcome (see the class comment).
     *
     * @return false when no such branch is prepared
     */
    boolean decideInDoubt(XidBytes xid, boolean commit) {
        Branch branch = live.get(xid);
        if (branch != null) {
            branch.lock();
            try {
                if (branch.stateLocked() != Branch.State.PREPARED) {
                    return false;
                }
                boolean decided = repository.engine().decidePrepared(xid.encoded(), commit);
                branch.moveTo(commit ? Branch.State.COMMITTED : Branch.State.ROLLED_BACK);
                live.remove(xid, branch);
                return decided;
            } finally {
                branch.unlock();
            }
        }
        return repository.engine().decidePrepared(xid.encoded(), commit);
    }

    /** An operator's decision on a prepared branch whose id is not an XA Xid (prepared by another writer). */
    boolean decideInDoubt(byte[] rawXid, boolean commit) {
        Repository engine = repository.engine();
        for (PreparedBranch branch : engine.preparedBranches()) {
            if (Arrays.equals(branch.xid(), rawXid)) {
                if (commit) {
                    engine.commitPrepared(rawXid);
                } else {
                    engine.rollbackPrepared(rawXid);
                }
                return true;
            }
        }
        return false;
    }

    /** Called when the repository closes: work still in progress is rolled back, prepared work stays on disk. */
    void abandonActive() {
        for (Branch branch : live.values()) {
            branch.lock();
            try {
                Branch.State state = branch.stateLocked();
                if (state == Branch.State.ACTIVE || state == Branch.State.ROLLBACK_ONLY) {
                    rollbackQuietly(branch.transaction());
                    branch.moveTo(Branch.State.ROLLED_BACK);
                }
            } finally {
                branch.unlock();
            }
        }
        live.clear();
    }

    int liveBranches() {
        return live.size();
    }

    private boolean preparedOnDisk(XidBytes xid) {
        byte[] encoded = xid.encoded();
        for (PreparedBranch branch : repository.engine().preparedBranches()) {
            if (Arrays.equals(branch.xid(), encoded)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #preparedOnDisk}, for the XA protocol: a repository that cannot answer is XAER_RMFAIL. */
    private boolean preparedOnDiskXa(XidBytes xid) throws XAException {
        try {
            return preparedOnDisk(xid);
        } catch (RuntimeException e) {
            throw xa(XAException.XAER_RMFAIL, "cannot list the prepared branches", e);
        }
    }

    private void finish(Branch branch, Branch.State end) {
        branch.moveTo(end);
        live.remove(branch.xid, branch);
        decided.put(branch.xid, end == Branch.State.COMMITTED);
    }

    private static void rollbackQuietly(Transaction transaction) {
        if (transaction == null) {
            return;
        }
        try {
            transaction.rollback();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rollback failed: {0}", e.toString());
        }
    }

    private static void closeQuietly(Transaction transaction) {
        if (transaction != null) {
            transaction.close();
        }
    }

    /** Busy with another decider: try again; anything else: the repository cannot act now. */
    private static int retryCode(RuntimeException e) {
        return e instanceof TransactionStateException && String.valueOf(e.getMessage()).contains("being decided")
                ? XAException.XA_RETRY : XAException.XAER_RMFAIL;
    }

    /**
     * An XAException whose cause is the client API's failure (what the application finds in the cause chain of the
     * container's rollback exception, e.g. a full disk), not the engine's.
     */
    private XAException xa(int code, String message, Throwable cause) {
        Throwable reason = cause;
        if (cause instanceof RuntimeException failure) {
            RuntimeException translated = FailureTranslation.translate(repository.name(), failure);
            repository.noteFailure(translated);
            reason = translated;
        }
        String text = "repository '" + repository.name() + "': " + message
                + (cause == null ? "" : ": " + cause.getMessage());
        XAException e = new XAException(text);
        e.errorCode = code;
        if (reason != null) {
            e.initCause(reason);
        }
        return e;
    }
}
