package org.repono.rar;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource of one managed connection. start and end tie the connection's work to a branch; prepare, commit,
 * rollback and recover act on the repository's {@link BranchTable}, so any connection to the same repository can
 * decide any branch on it (the transaction manager may use another one, or a fresh one at recovery).
 */
final class BranchResource implements XAResource {

    private final ReponoManagedConnection connection;
    private final SharedRepository repository;

    BranchResource(ReponoManagedConnection connection, SharedRepository repository) {
        this.connection = connection;
        this.repository = repository;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        XidBytes id = XidBytes.of(xid);
        Branch branch;
        if ((flags & (TMJOIN | TMRESUME)) != 0) {
            branch = repository.branches.existing(id);
            if (branch.state() != Branch.State.ACTIVE) {
                throw rolledBack(id, branch.state());
            }
        } else if (flags == TMNOFLAGS) {
            branch = repository.branches.begin(id);
        } else {
            throw protocol("start with flags " + flags + " is not valid");
        }
        connection.associate(branch);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        XidBytes id = XidBytes.of(xid);
        // first: even a branch rolled back meanwhile (a timeout) no longer takes this connection's work
        connection.dissociate(id);
        Branch branch = repository.branches.existing(id);
        if ((flags & TMFAIL) != 0) {
            branch.markRollbackOnly();
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        int vote = repository.branches.prepare(XidBytes.of(xid));
        if (vote == XA_OK) {
            CrashPoints.afterPrepare();
        }
        return vote;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (!onePhase) {
            CrashPoints.beforeCommit();
        }
        repository.branches.commit(XidBytes.of(xid), onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        repository.branches.rollback(XidBytes.of(xid));
    }

    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & TMSTARTRSCAN) == 0) {
            return new Xid[0]; // the whole list went out with the scan's start
        }
        return repository.branches.recover();
    }

    @Override
    public void forget(Xid xid) throws XAException {
        repository.branches.forget(XidBytes.of(xid));
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof BranchResource resource && resource.repository == repository;
    }

    /** The repository enforces no timeout of its own: the transaction manager's reaper rolls branches back. */
    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    private XAException rolledBack(XidBytes xid, Branch.State state) {
        XAException e = new XAException("repository '" + repository.name() + "': branch " + xid + " is " + state
                + ": it takes no more work");
        e.errorCode = XAException.XA_RBROLLBACK;
        return e;
    }

    private XAException protocol(String message) {
        XAException e = new XAException("repository '" + repository.name() + "': " + message);
        e.errorCode = XAException.XAER_PROTO;
        return e;
    }
}
