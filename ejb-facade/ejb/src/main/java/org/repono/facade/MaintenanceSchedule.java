package org.repono.facade;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
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
@DependsOn("MaintenanceJobs")
public class MaintenanceSchedule {

    private static final Logger LOG = Logger.getLogger(MaintenanceSchedule.class.getName());
    /**
     * Test-only switch: how long one hour of a schedule lasts, in milliseconds (read at every arming), so that a
     * full-stack test sees the timers fire. Unset in the shipped configuration: an hour is an hour.
     */
    static final String HOUR_PROPERTY = "repono.test.scheduleHourMillis";
    private static final long HOUR_MILLIS = 3_600_000;

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
                    rearm(due.repository(), now, due.kind());
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
        rearm(repository, saved, JobKind.CHECK);
        rearm(repository, saved, JobKind.COMPACT);
    }

    /** Replaces the timer of one kind: the other kind's timer keeps its time. */
    private void rearm(String repository, ScheduleFiles.Saved saved, JobKind kind) {
        for (Timer timer : timers.getTimers()) {
            try {
                if (timer.getInfo() instanceof Due due && due.repository().equals(repository) && due.kind() == kind) {
                    timer.cancel();
                }
            } catch (RuntimeException e) {
                // it fired or was cancelled meanwhile
            }
        }
        Instant now = Instant.now();
        ScheduleView schedule = saved.schedule();
        Instant next = null;
        if (kind == JobKind.CHECK && schedule.check().enabled()) {
            Instant lastCheck = jobs.lastCheck(repository).map(LastCheckView::finished).orElse(null);
            Instant fired = checkFired.get(repository);
            if (fired != null && (lastCheck == null || fired.isAfter(lastCheck))) {
                lastCheck = fired;
            }
            next = NextRun.check(saved.savedAt(), lastCheck, hours(schedule.check().intervalHours()), now);
        } else if (kind == JobKind.COMPACT && schedule.compaction().enabled()) {
            next = NextRun.compaction(saved.savedAt(), hours(schedule.compaction().intervalHours()), now);
        }
        if (next != null) {
            timers.createSingleActionTimer(Date.from(next), new TimerConfig(new Due(repository, kind), false));
        }
    }

    private static Duration hours(int hours) {
        long hour = Long.getLong(HOUR_PROPERTY, HOUR_MILLIS);
        return Duration.ofMillis(Math.max(1, hour) * hours);
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
