package org.repono.facade;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.repono.api.InDoubtTransaction;
import org.repono.api.LockHolder;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryMaintenance;
import org.repono.api.RepositoryStatistics;

/**
 * The operator's view of the repositories: each one's figures, state and health, its segments, its borg lock
 * (with break-lock) and its prepared XA branches (with the heuristic decisions). Jobs and schedules have beans
 * of their own ({@link MaintenanceJobs}, {@link MaintenanceSchedule}).
 */
@Stateless
@LocalBean
@Interceptors(FailureTranslation.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RepositoryService {

    // where each repository was last seen, to name it while it cannot be opened
    private static final Map<String, String> KNOWN_PATHS = new ConcurrentHashMap<>();

    @EJB
    RepositoryRegistry registry;

    @EJB
    MaintenanceJobs jobs;

    @EJB
    MaintenanceSchedule schedules;

    /** Every repository, sorted by name; one that cannot be opened is listed as unavailable. */
    @RolesAllowed({"admin", "viewer"})
    public List<RepositoryView> list() {
        List<RepositoryView> views = new ArrayList<>();
        for (RegisteredRepository repository : registry.all()) {
            views.add(view(repository));
        }
        views.sort(Comparator.comparing(RepositoryView::name));
        return views;
    }

    /** @throws ReponoProblem REPOSITORY_NOT_FOUND unless the server has this repository */
    @RolesAllowed({"admin", "viewer"})
    public void requireExisting(String repository) {
        registry.require(repository);
    }

    @RolesAllowed({"admin", "viewer"})
    public RepositoryView get(String repository) {
        return view(registry.require(repository));
    }

    /** Every segment file, ascending. */
    @RolesAllowed({"admin", "viewer"})
    public List<SegmentView> segments(String repository) {
        RegisteredRepository target = registry.require(repository);
        try (RepositoryConnection connection = target.connect()) {
            return connection.maintenance().segments().stream()
                    .sorted(Comparator.comparingLong(org.repono.api.SegmentStatistics::segment))
                    .map(s -> new SegmentView(s.segment(), s.fileBytes(), s.liveObjects(), s.freeableBytes()))
                    .toList();
        }
    }

    @RolesAllowed({"admin", "viewer"})
    public LockView lock(String repository) {
        RegisteredRepository target = registry.require(repository);
        List<LockHolder> holders;
        try (RepositoryConnection connection = target.connect()) {
            holders = connection.maintenance().lockHolders();
        }
        return lockView(holders);
    }

    /**
     * Breaks the repository's borg lock as {@code borg break-lock} does; nothing happens when there is none.
     *
     * @param force also when a holder does not look stale (the caller vouches that no process uses it)
     * @throws ReponoProblem LOCK_HELD_BY_THIS_SERVER (never broken), LOCK_NOT_STALE without force
     */
    @RolesAllowed("admin")
    public void breakLock(String repository, boolean force) {
        RegisteredRepository target = registry.require(repository);
        try (RepositoryConnection connection = target.connect()) {
            RepositoryMaintenance maintenance = connection.maintenance();
            List<LockHolder> holders = maintenance.lockHolders();
            if (holders.isEmpty()) {
                return;
            }
            if (holders.stream().anyMatch(ThisServer::holds)) {
                throw new ReponoProblem(Refusal.LOCK_HELD_BY_THIS_SERVER, "Repository '" + repository
                        + "' is locked by this server, which is using it: its lock is never broken.");
            }
            Optional<LockHolder> alive = holders.stream().filter(h -> !h.stale()).findFirst();
            if (alive.isPresent() && !force) {
                throw new ReponoProblem(Refusal.LOCK_NOT_STALE, "Repository '" + repository + "' is locked by "
                        + alive.get().host() + " pid " + alive.get().pid() + ", which does not look stale; "
                        + "break it with force=true only when you know no process uses the repository.");
            }
            maintenance.breakLock();
        }
    }

    /** The prepared branches, oldest first. */
    @RolesAllowed({"admin", "viewer"})
    public List<PreparedTransactionView> transactions(String repository) {
        RegisteredRepository target = registry.require(repository);
        Instant now = Instant.now();
        try (RepositoryConnection connection = target.connect()) {
            return connection.maintenance().inDoubtTransactions().stream()
                    .sorted(Comparator.comparing(InDoubtTransaction::prepared,
                            Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(t -> Xids.view(t.xid(), t.prepared(), t.puts(), t.deletes(), t.bytes(), now))
                    .toList();
        }
    }

    /** Heuristic commit of a prepared branch. @throws ReponoProblem TRANSACTION_NOT_FOUND when not (or no longer) prepared */
    @RolesAllowed("admin")
    public void commitTransaction(String repository, String xidHex) {
        decide(repository, xidHex, true);
    }

    /** Heuristic rollback of a prepared branch. @throws ReponoProblem TRANSACTION_NOT_FOUND when not (or no longer) prepared */
    @RolesAllowed("admin")
    public void rollbackTransaction(String repository, String xidHex) {
        decide(repository, xidHex, false);
    }

    private void decide(String repository, String xidHex, boolean commit) {
        RegisteredRepository target = registry.require(repository);
        String xid = Xids.fromHex(xidHex);
        try (RepositoryConnection connection = target.connect()) {
            RepositoryMaintenance maintenance = connection.maintenance();
            boolean prepared = maintenance.inDoubtTransactions().stream().anyMatch(t -> t.xid().equals(xid));
            if (!prepared) {
                throw new ReponoProblem(Refusal.TRANSACTION_NOT_FOUND, "Repository '" + repository
                        + "' has no prepared transaction " + xid + " (decided already, or never prepared).");
            }
            if (commit) {
                maintenance.commitInDoubt(xid);
            } else {
                maintenance.rollbackInDoubt(xid);
            }
        }
    }

    private RepositoryView view(RegisteredRepository repository) {
        Instant now = Instant.now();
        String name = repository.name();
        Optional<LastCheckView> lastCheck = jobs.lastCheck(name);
        ScheduleView schedule = schedules.current(name);
        JobView activeJob = jobs.active(name).orElse(null);
        RepositoryStatistics statistics;
        Instant oldestBranch;
        try (RepositoryConnection connection = repository.connect()) {
            RepositoryMaintenance maintenance = connection.maintenance();
            statistics = maintenance.statistics();
            oldestBranch = statistics.preparedBranches() == 0 ? null : maintenance.inDoubtTransactions().stream()
                    .map(InDoubtTransaction::prepared).filter(java.util.Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
        } catch (RepositoryFailure failure) {
            String detail = String.valueOf(failure.getMessage());
            RepositoryHealth health = RepositoryHealth.of(detail, lastCheck.orElse(null), schedule, null, now);
            return new RepositoryView(name, KNOWN_PATHS.getOrDefault(name, ""), "read-write",
                    RepositoryView.UNAVAILABLE, detail, health.health(), health.reasons(), null, null, null, null,
                    null, null, null, null, null, null, lastCheck.orElse(null), schedule, activeJob);
        }
        KNOWN_PATHS.put(name, statistics.path());
        RepositoryHealth health = RepositoryHealth.of(null, lastCheck.orElse(null), schedule, oldestBranch, now);
        return new RepositoryView(name, statistics.path(), statistics.appendOnly() ? "append-only" : "read-write",
                RepositoryView.OPEN, null, health.health(), health.reasons(), statistics.objects(),
                statistics.segments(), statistics.segmentBytes(), statistics.freeableBytes(),
                statistics.transactionId(), statistics.indexCheckpointTransaction(), statistics.appendOnly(),
                statistics.storageQuota(), statistics.storageQuotaUse(), statistics.preparedBranches(),
                lastCheck.orElse(null), schedule, activeJob);
    }

    static LockView lockView(List<LockHolder> holders) {
        List<LockHolderView> exclusive = holders.stream().filter(LockHolder::exclusive).map(ThisServer::view).toList();
        List<LockHolderView> shared = holders.stream().filter(h -> !h.exclusive()).map(ThisServer::view).toList();
        boolean breakable = !holders.isEmpty() && holders.stream().allMatch(LockHolder::stale)
                && holders.stream().noneMatch(ThisServer::holds);
        return new LockView(!holders.isEmpty(), exclusive, new LockView.Roster(shared, exclusive), breakable);
    }
}
