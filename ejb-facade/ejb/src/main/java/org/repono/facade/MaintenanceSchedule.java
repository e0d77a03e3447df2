package org.repono.facade;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryStatistics;
import org.repono.facade.jobs.JobKind;
import org.repono.facade.schedule.NextRun;
import org.repono.facade.schedule.ScheduleFiles;

/**
 * Periodic maintenance per repository, on EJB timers: a check every {@code check.intervalHours} (off by default:
 * it reads every segment), and every {@code compaction.intervalHours} a compaction when the freeable share of the
 * segment bytes exceeds {@code compaction.threshold}. A run that finds another job active (or, for compaction, an
 * append-only repository) is skipped until the next time. Schedules are kept in files and re-armed at start.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Interceptors(FailureTranslation.class)
public class MaintenanceSchedule {

    private static final Logger LOG = Logger.getLogger(MaintenanceSchedule.class.getName());

    @Resource
    TimerService timers;

    @EJB
    RepositoryRegistry registry;

    @EJB
    MaintenanceJobs jobs;

    private ScheduleFiles files;
    private final Map<String, ScheduleFiles.Saved> schedules = new ConcurrentHashMap<>();
    // when the scheduled check last fired: its interval counts from there even while that check still runs
    private final Map<String, Instant> checkFired = new ConcurrentHashMap<>();

    /** What a timer is for; its info. */
    record Due(String repository, JobKind kind) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @PostConstruct
    void arm() {
        files = new ScheduleFiles(DataFolder.schedules());
        for (String repository : files.repositories()) {
            files.load(repository).ifPresent(saved -> {
                schedules.put(repository, saved);
                rearm(repository, saved);
            });
        }
    }

    @RolesAllowed({"admin", "viewer"})
    public ScheduleView get(String repository) {
        registry.require(repository);
        return current(repository);
    }

    /** Replaces the repository's schedule; the intervals count from now. */
    @RolesAllowed("admin")
    public ScheduleView put(String repository, ScheduleView schedule) {
        registry.require(repository);
        ScheduleFiles.Saved saved = new ScheduleFiles.Saved(schedule.withNext(null, null), Instant.now());
        synchronized (this) {
            files.save(repository, saved);
            schedules.put(repository, saved);
            rearm(repository, saved);
        }
        return current(repository);
    }

    /** The schedule in force, with its next times; the defaults when none was saved. */
    @PermitAll
    public ScheduleView current(String repository) {
        ScheduleFiles.Saved saved = schedules.get(repository);
        if (saved == null) {
            return ScheduleView.defaults();
        }
        return saved.schedule().withNext(nextTimeout(repository, JobKind.CHECK),
                nextTimeout(repository, JobKind.COMPACT));
    }

    @Timeout
    void due(Timer timer) {
        if (!(timer.getInfo() instanceof Due due)) {
            return;
        }
        ScheduleFiles.Saved saved = schedules.get(due.repository());
        if (saved == null) {
            return;
        }
        try {
            if (due.kind() == JobKind.CHECK && saved.schedule().check().enabled()) {
                checkFired.put(due.repository(), Instant.now());
                jobs.startScheduled(due.repository(), JobKind.CHECK, null);
            } else if (due.kind() == JobKind.COMPACT && saved.schedule().compaction().enabled()) {
                compactIfWorthIt(due.repository(), saved.schedule().compaction().threshold());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduled " + due.kind().word() + " of " + due.repository() + " failed to start", e);
        } finally {
            synchronized (this) {
                ScheduleFiles.Saved now = schedules.get(due.repository());
                if (now != null) {
                    rearm(due.repository(), now);
                }
            }
        }
    }

    private void compactIfWorthIt(String repository, double threshold) {
        Optional<RegisteredRepository> target = registry.find(repository);
        if (target.isEmpty()) {
            return;
        }
        RepositoryStatistics statistics;
        try (RepositoryConnection connection = target.get().connect()) {
            statistics = connection.maintenance().statistics();
        }
        if (statistics.appendOnly()) {
            return;
        }
        double freeable = statistics.segmentBytes() == 0 ? 0
                : (double) statistics.freeableBytes() / statistics.segmentBytes();
        if (freeable > threshold) {
            jobs.startScheduled(repository, JobKind.COMPACT, threshold);
        }
    }

    private void rearm(String repository, ScheduleFiles.Saved saved) {
        for (Timer timer : timers.getTimers()) {
            if (timer.getInfo() instanceof Due due && due.repository().equals(repository)) {
                timer.cancel();
            }
        }
        Instant now = Instant.now();
        ScheduleView schedule = saved.schedule();
        if (schedule.check().enabled()) {
            Instant lastCheck = jobs.lastCheck(repository).map(LastCheckView::finished).orElse(null);
            Instant fired = checkFired.get(repository);
            if (fired != null && (lastCheck == null || fired.isAfter(lastCheck))) {
                lastCheck = fired;
            }
            Instant next = NextRun.check(saved.savedAt(), lastCheck,
                    Duration.ofHours(schedule.check().intervalHours()), now);
            timers.createSingleActionTimer(Date.from(next), new TimerConfig(new Due(repository, JobKind.CHECK), false));
        }
        if (schedule.compaction().enabled()) {
            Instant next = NextRun.compaction(saved.savedAt(), Duration.ofHours(schedule.compaction().intervalHours()),
                    now);
            timers.createSingleActionTimer(Date.from(next),
                    new TimerConfig(new Due(repository, JobKind.COMPACT), false));
        }
    }

    private Instant nextTimeout(String repository, JobKind kind) {
        for (Timer timer : timers.getTimers()) {
            try {
                if (timer.getInfo() instanceof Due due && due.repository().equals(repository) && due.kind() == kind) {
                    return timer.getNextTimeout().toInstant();
                }
            } catch (RuntimeException e) {
                // the timer fired or was cancelled between the listing and the question
            }
        }
        return null;
    }
}
