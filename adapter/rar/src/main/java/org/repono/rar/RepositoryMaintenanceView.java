package org.repono.rar;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.repono.api.CheckOutcome;
import org.repono.api.CheckProblemReport;
import org.repono.api.CompactionOutcome;
import org.repono.api.InDoubtTransaction;
import org.repono.api.LockHolder;
import org.repono.api.MaintenanceBusyException;
import org.repono.api.MaintenanceCancellation;
import org.repono.api.MaintenanceProgress;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryStatistics;
import org.repono.api.SegmentStatistics;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckProblem;
import org.repono.engine.CheckReport;
import org.repono.engine.CompactionReport;
import org.repono.engine.PreparedBranch;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryStats;
import org.repono.engine.SegmentUsage;
import org.repono.engine.TransactionStateException;
import org.repono.engine.lock.LockStatus;
import org.repono.engine.lock.ProcessIdentity;
import org.repono.engine.lock.RepositoryLock;
import org.repono.api.RepositoryMaintenance;

/**
 * The operator's side of the handle's repository. It works outside any transaction (a check or compaction is no
 * part of the caller's JTA transaction) and one job at a time per repository. The lock is read with the engine's
 * lock package (the public engine contract has no lock inspection).
 */
final class RepositoryMaintenanceView implements RepositoryMaintenance {

    private final ConnectionHandle handle;

    RepositoryMaintenanceView(ConnectionHandle handle) {
        this.handle = handle;
    }

    @Override
    public RepositoryStatistics statistics() {
        return handle.call(c -> {
            SharedRepository repository = c.repository;
            RepositoryStats stats = repository.engine().stats();
            return new RepositoryStatistics(repository.name(), repository.settings.path().toString(), stats.objects(),
                    stats.segments(), stats.segmentBytes(), stats.freeableBytes(), stats.transactionId(),
                    stats.indexCheckpointTransaction(), stats.appendOnly(), stats.storageQuota(),
                    stats.storageQuotaUse(), stats.preparedBranches(), freeDiskBytes(repository));
        });
    }

    private static long freeDiskBytes(SharedRepository repository) {
        try {
            return Files.getFileStore(repository.folder).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public List<SegmentStatistics> segments() {
        return handle.call(c -> {
            List<SegmentUsage> usage = c.repository.engine().segmentUsage();
            List<SegmentStatistics> out = new ArrayList<>(usage.size());
            for (SegmentUsage u : usage) {
                out.add(new SegmentStatistics(u.segment(), u.fileBytes(), u.liveObjects(), u.freeableBytes()));
            }
            return out;
        });
    }

    @Override
    public CheckOutcome check(boolean repair, MaintenanceProgress progress, MaintenanceCancellation cancellation) {
        return exclusively(repair ? "repair" : "check", (engine, cancel, listener) -> {
            CheckReport report = engine.check(repair, listener, cancel);
            List<CheckProblemReport> problems = new ArrayList<>(report.problems().size());
            for (CheckProblem p : report.problems()) {
                problems.add(new CheckProblemReport(p.kind(), p.segment(), p.offset(), p.message(), p.repaired()));
            }
            return new CheckOutcome(report.repair(), problems, report.segmentsChecked(), report.bytesChecked(),
                    report.objects(), report.repaired(), report.cancelled(), report.duration());
        }, progress, cancellation);
    }

    @Override
    public CompactionOutcome compact(double threshold, MaintenanceProgress progress, MaintenanceCancellation cancellation) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be 0 to 1 (the freeable share of a segment), got " + threshold);
        }
        return exclusively("compaction", (engine, cancel, listener) -> {
            CompactionReport report = engine.compact(threshold, listener, cancel);
            return new CompactionOutcome(report.segmentsRewritten(), report.objectsMoved(), report.bytesBefore(),
                    report.bytesAfter(), report.cancelled(), report.duration());
        }, progress, cancellation);
    }

    private interface Job<T> {
        T run(Repository engine, Cancellation cancel, ProgressListener listener);
    }

    /** One maintenance job per repository at a time; the caller's cancellation reaches the engine's at each report. */
    private <T> T exclusively(String what, Job<T> job, MaintenanceProgress progress, MaintenanceCancellation cancellation) {
        return handle.call(c -> {
            SharedRepository repository = c.repository;
            if (!repository.startMaintenance()) {
                throw new MaintenanceBusyException("repository '" + repository.name() + "': a check, repair or"
                        + " compaction already runs; the " + what + " was not started");
            }
            try {
                Cancellation cancel = new Cancellation();
                MaintenanceProgress report = progress == null ? MaintenanceProgress.NONE : progress;
                ProgressListener listener = (phase, fraction, done, total) -> {
                    if (cancellation != null && cancellation.isCancelled()) {
                        cancel.cancel();
                    }
                    report.progress(fraction, done, total);
                };
                if (cancellation != null && cancellation.isCancelled()) {
                    cancel.cancel();
                }
                return job.run(repository.engine(), cancel, listener);
            } catch (TransactionStateException e) {
                throw new MaintenanceBusyException("repository '" + repository.name() + "': " + e.getMessage(), e);
            } finally {
                repository.endMaintenance();
            }
        });
    }

    @Override
    public List<InDoubtTransaction> inDoubtTransactions() {
        return handle.call(c -> {
            List<InDoubtTransaction> out = new ArrayList<>();
            for (PreparedBranch b : c.repository.engine().preparedBranches()) {
                out.add(new InDoubtTransaction(printable(b.xid()), b.prepared(), b.puts(), b.deletes(), b.bytes()));
            }
            return out;
        });
    }

    private static String printable(byte[] xid) {
        try {
            return XidBytes.decode(xid).printable();
        } catch (IllegalArgumentException e) {
            return HexFormat.of().formatHex(xid); // not written by this adapter
        }
    }

    @Override
    public void commitInDoubt(String xid) {
        decide(xid, true);
    }

    @Override
    public void rollbackInDoubt(String xid) {
        decide(xid, false);
    }

    private void decide(String xid, boolean commit) {
        XidBytes parsed = null;
        byte[] raw = null;
        try {
            parsed = XidBytes.parse(xid);
        } catch (IllegalArgumentException notXa) {
            raw = rawHex(xid, notXa); // a branch some other writer prepared, shown as the hex of its id
        }
        XidBytes asXa = parsed;
        byte[] asRaw = raw;
        handle.call(c -> {
            boolean decided = asXa != null ? c.repository.branches.decideInDoubt(asXa, commit)
                    : c.repository.branches.decideInDoubt(asRaw, commit);
            if (!decided) {
                throw new RepositoryFailure("repository '" + c.repository.name() + "': no in-doubt transaction " + xid
                        + " (it was decided already, or never prepared)");
            }
            return null;
        });
    }

    private static byte[] rawHex(String xid, IllegalArgumentException notXa) {
        try {
            byte[] bytes = HexFormat.of().parseHex(xid);
            if (bytes.length > 0) {
                return bytes;
            }
        } catch (IllegalArgumentException notHex) {
            // refused below with the XA form's explanation
        }
        throw notXa;
    }

    @Override
    public List<LockHolder> lockHolders() {
        return handle.call(c -> {
            LockStatus status = RepositoryLock.inspect(c.repository.folder);
            // an exclusive holder appears twice on disk (lock.exclusive and the roster): once here
            java.util.Set<LockHolder> out = new java.util.LinkedHashSet<>();
            for (LockStatus.Holder h : status.exclusiveHolders()) {
                out.add(holder(h, true));
            }
            for (LockStatus.Holder h : status.sharedHolders()) {
                out.add(holder(h, false));
            }
            return List.copyOf(out);
        });
    }

    private static LockHolder holder(LockStatus.Holder h, boolean exclusive) {
        ProcessIdentity who = h.identity();
        return who == null
                ? new LockHolder(h.rawName(), -1, -1, exclusive, !h.alive())
                : new LockHolder(who.host(), who.pid(), (int) who.thread(), exclusive, !h.alive());
    }

    @Override
    public void breakLock() {
        handle.call(c -> {
            SharedRepository repository = c.repository;
            if (repository.engineIfOpen() != null) {
                throw new RepositoryLockedException("repository '" + repository.name() + "': this server holds its"
                        + " lock and uses it; breaking it is refused (stop the resource adapter first)");
            }
            Repositories.breakLock(repository.folder);
            return null;
        });
    }
}
