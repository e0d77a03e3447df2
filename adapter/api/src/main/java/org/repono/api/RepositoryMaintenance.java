package org.repono.api;

import java.util.List;

/** The operator's side of a repository: figures, check/repair, compaction, in-doubt branches, the lock. */
public interface RepositoryMaintenance {

    RepositoryStatistics statistics();

    List<SegmentStatistics> segments();

    /** Runs in the calling thread; a repair needs the repository to itself (MaintenanceBusyException otherwise). */
    CheckOutcome check(boolean repair, MaintenanceProgress progress, MaintenanceCancellation cancellation);

    /** Rewrites segments whose freeable share exceeds {@code threshold} (0..1). */
    CompactionOutcome compact(double threshold, MaintenanceProgress progress, MaintenanceCancellation cancellation);

    List<InDoubtTransaction> inDoubtTransactions();

    /**
     * An operator's heuristic decision on an in-doubt branch (xid in InDoubtTransaction's printable form). It is
     * recorded durably before it is carried out and remembered until the transaction manager forgets the branch: its
     * later commit or rollback of the branch answers XA_HEURCOM (committed) or XA_HEURRB (rolled back).
     */
    void commitInDoubt(String xid);

    void rollbackInDoubt(String xid);

    /** Current holders of the repository's borg lock (this server's own engine included). */
    List<LockHolder> lockHolders();

    /** Removes a stale lock (borg break-lock); refused while this server's engine holds it live. */
    void breakLock();
}
