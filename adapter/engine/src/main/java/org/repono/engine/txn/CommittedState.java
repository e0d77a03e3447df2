package org.repono.engine.txn;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.repono.engine.format.Hints;
import org.repono.engine.index.HashIndex;

/**
 * The state as of the last durable commit: the index, the hints model and the transaction ids. Readers take
 * the read lock (they never block each other); the single log writer reads it without a lock (no one else
 * changes it) and changes it only under the write lock, after the commit is on disk (invariant 1).
 */
final class CommittedState {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    HashIndex index = HashIndex.create();
    Hints hints = new Hints();
    /** Newest committed segment (borg's transaction id), -1 when none. */
    long transactionId = -1;
    /** N of the newest index.N on disk, -1 when none. */
    long checkpointTransactionId = -1;
    /** Log bytes committed since index.N was last written. */
    long bytesSinceCheckpoint;
    /** Superseded PUTs whose sizes still have to reach {@code hints.compact} (see {@link PendingFreeable}). */
    final PendingFreeable pendingFreeable = new PendingFreeable();
}
