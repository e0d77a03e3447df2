package org.repono.rar;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.repono.api.RepositoryFailure;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

/**
 * One XA transaction branch on one repository: the engine transaction that stages its work, and where it stands
 * in the XA protocol. The engine transaction begins with the first change, so a branch that only reads costs
 * nothing and answers XA_RDONLY (and never holds off a repair).
 *
 * <p>Work and decisions may come from different threads (the application's, the transaction reaper's on a
 * timeout, the recovery thread's): a lock makes each step whole, so a rollback waits for a put in progress and the
 * put after it is refused instead of landing in a dead transaction.
 */
final class Branch {

    enum State {
        /** Takes work. */
        ACTIVE,
        /** Ended with TMFAIL: it can only roll back. */
        ROLLBACK_ONLY,
        /** Durable and invisible, waiting for the decision. */
        PREPARED,
        COMMITTED,
        ROLLED_BACK
    }

    final XidBytes xid;
    private final SharedRepository repository;
    private final ReentrantLock lock = new ReentrantLock();
    private Transaction transaction;
    private State state = State.ACTIVE;

    Branch(XidBytes xid, SharedRepository repository) {
        this.xid = xid;
        this.repository = repository;
    }

    /** A read: the branch's own changes when it has any, else the committed state. */
    <T> T read(Function<Repository, T> committed, Function<Transaction, T> own) {
        lock.lock();
        try {
            requireActive();
            return transaction == null ? committed.apply(repository.engine()) : own.apply(transaction);
        } finally {
            lock.unlock();
        }
    }

    /** A change, staged in the branch's engine transaction (begun now if this is the first). */
    <T> T change(Function<Transaction, T> step) {
        lock.lock();
        try {
            requireActive();
            if (transaction == null) {
                transaction = repository.engine().begin();
            }
            return step.apply(transaction);
        } finally {
            lock.unlock();
        }
    }

    private void requireActive() {
        if (state != State.ACTIVE) {
            throw new RepositoryFailure("repository '" + repository.name() + "': the JTA transaction " + xid
                    + " of this connection is " + describe(state) + ": it takes no more work");
        }
    }

    private static String describe(State state) {
        return switch (state) {
            case ACTIVE -> "active";
            case ROLLBACK_ONLY -> "marked for rollback";
            case PREPARED -> "prepared";
            case COMMITTED -> "committed";
            case ROLLED_BACK -> "rolled back (it failed or timed out)";
        };
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    void markRollbackOnly() {
        lock.lock();
        try {
            if (state == State.ACTIVE) {
                state = State.ROLLBACK_ONLY;
            }
        } finally {
            lock.unlock();
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** The caller holds the lock. */
    State stateLocked() {
        return state;
    }

    /** The caller holds the lock. True when the branch changed nothing (XA_RDONLY). */
    boolean readOnlyLocked() {
        return transaction == null || transaction.isReadOnly();
    }

    /** The caller holds the lock. The engine transaction, or null when the branch changed nothing yet. */
    Transaction transaction() {
        return transaction;
    }

    /** The caller holds the lock. */
    void moveTo(State next) {
        state = next;
    }
}
