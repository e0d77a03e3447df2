package org.repono.facade;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.interceptor.Interceptors;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.api.MaintenanceProgress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryMaintenance;
import org.repono.facade.jobs.Job;
import org.repono.facade.jobs.JobFiles;
import org.repono.facade.jobs.JobKind;
import org.repono.facade.jobs.JobResults;
import org.repono.facade.jobs.JobState;
import org.repono.facade.jobs.SlowJobs;

/**
 * Maintenance jobs (check, repair, compaction): started by an admin or the schedule, run on the server's managed
 * executor, at most one queued or running per repository, with progress, cancellation and a result; the history
 * (the newest {@link #KEPT} per repository) is kept in files and survives restarts. A job that was running when
 * the server stopped is recorded as failed at the next start.
 *
 * <p>Jobs work through a connection of their own outside any transaction: check and compaction run beside the
 * applications' reads and writes; a repair needs the repository to itself, which the resource adapter enforces
 * (the job then fails with its explanation).
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Interceptors(FailureTranslation.class)
public class MaintenanceJobs {

    /** Job records kept per repository (the REST API promises at least 50). */
    public static final int KEPT = 200;
    public static final double DEFAULT_THRESHOLD = ScheduleView.DEFAULT_THRESHOLD;
    static final String MANUAL = "manual";
    static final String SCHEDULE = "schedule";

    private static final Logger LOG = Logger.getLogger(MaintenanceJobs.class.getName());
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Resource
    ManagedExecutorService executor;

    @Resource
    SessionContext context;

    @EJB
    RepositoryRegistry registry;

    private JobFiles files;
    private SlowJobs slowJobs;
    // newest first; guarded by this
    private final Map<String, List<Job>> jobs = new HashMap<>();

    @PostConstruct
    void load() {
        files = new JobFiles(DataFolder.jobs());
        slowJobs = SlowJobs.fromSystemProperty();
        if (slowJobs.on()) {
            LOG.warning("test-only switch on: maintenance jobs of " + slowJobs.repositories()
                    + " pause after each progress report");
        }
        Instant now = Instant.now();
        for (String repository : files.repositories()) {
            List<Job> history = new ArrayList<>();
            for (JobView view : files.load(repository)) {
                Job job = Job.restored(view);
                if (!job.state().ended()) {
                    job.end(JobState.FAILED, JobResultView.failure(
                            "The server stopped while the job was " + view.state() + "."), now);
                    files.save(job.view(now));
                }
                history.add(job);
            }
            synchronized (this) {
                jobs.put(repository, history);
            }
        }
    }

    /** Asks the running jobs to stop at their next safe point and waits a little for them to record their end. */
    @PreDestroy
    void stop() {
        List<Job> running = new ArrayList<>();
        synchronized (this) {
            jobs.values().forEach(history -> history.stream().filter(j -> !j.state().ended()).forEach(running::add));
        }
        running.forEach(job -> job.requestCancel(Instant.now()));
        long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        for (Job job : running) {
            synchronized (job) {
                while (!job.state().ended() && System.currentTimeMillis() < deadline) {
                    try {
                        job.wait(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Starts a check, repair or compaction of {@code repository} for the calling admin.
     *
     * @param kind      check, repair or compact
     * @param threshold compact only (0..1; null: {@value #DEFAULT_THRESHOLD})
     * @throws ReponoProblem JOB_RUNNING when one is queued or running, APPEND_ONLY for repair or compaction of an
     *                       append-only repository, INVALID_REQUEST for a bad kind or threshold
     */
    @RolesAllowed("admin")
    public JobView start(String repository, String kind, Double threshold) {
        RegisteredRepository target = registry.require(repository);
        JobKind jobKind = JobKind.of(kind).orElseThrow(() -> new ReponoProblem(Refusal.INVALID_REQUEST,
                "Field 'kind' must be check, repair or compact, not '" + kind + "'."));
        Double checkedThreshold = threshold(jobKind, threshold);
        return submit(target, jobKind, checkedThreshold, MANUAL, context.getCallerPrincipal().getName());
    }

    /**
     * Starts a scheduled job, unless another job is active or the repository refuses it (append-only): then
     * nothing happens (the schedule tries again at its next time).
     */
    @PermitAll
    public Optional<JobView> startScheduled(String repository, JobKind kind, Double threshold) {
        Optional<RegisteredRepository> target = registry.find(repository);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(submit(target.get(), kind, threshold(kind, threshold), SCHEDULE, null));
        } catch (ReponoProblem skipped) {
            LOG.info("scheduled " + kind.word() + " of " + repository + " skipped: " + skipped.getMessage());
            return Optional.empty();
        }
    }

    /** The newest {@code limit} jobs, newest first, the active one included. */
    @RolesAllowed({"admin", "viewer"})
    public List<JobView> list(String repository, int limit) {
        registry.require(repository);
        if (limit < 1 || limit > 500) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST, "Parameter 'limit' must be 1 to 500, not " + limit + ".");
        }
        Instant now = Instant.now();
        return history(repository).stream().limit(limit).map(job -> job.view(now)).toList();
    }

    @RolesAllowed({"admin", "viewer"})
    public JobView get(String repository, String jobId) {
        registry.require(repository);
        return find(repository, jobId).view(Instant.now());
    }

    /**
     * Cancels a queued job at once, a running one at its next safe point.
     *
     * @throws ReponoProblem JOB_FINISHED when it has ended
     */
    @RolesAllowed("admin")
    public JobView cancel(String repository, String jobId) {
        registry.require(repository);
        Job job = find(repository, jobId);
        Instant now = Instant.now();
        if (!job.requestCancel(now)) {
            throw new ReponoProblem(Refusal.JOB_FINISHED,
                    "Job " + jobId + " has already finished (" + job.state().word() + ").");
        }
        if (job.state() == JobState.CANCELLED) {
            files.save(job.view(now));
        }
        return job.view(now);
    }

    /** The queued or running job of the repository. */
    @PermitAll
    public Optional<JobView> active(String repository) {
        Instant now = Instant.now();
        return history(repository).stream().filter(job -> !job.state().ended()).findFirst().map(j -> j.view(now));
    }

    /** The newest finished check or repair of the repository. */
    @PermitAll
    public Optional<LastCheckView> lastCheck(String repository) {
        Instant now = Instant.now();
        return history(repository).stream()
                .filter(job -> job.kind().checks() && job.state().ended())
                .findFirst()
                .map(job -> JobResults.lastCheck(job.view(now)));
    }

    private static Double threshold(JobKind kind, Double threshold) {
        if (kind != JobKind.COMPACT) {
            if (threshold != null) {
                throw new ReponoProblem(Refusal.INVALID_REQUEST,
                        "Field 'threshold' is only for compact, not for " + kind.word() + ".");
            }
            return null;
        }
        if (threshold == null) {
            return DEFAULT_THRESHOLD;
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST,
                    "Field 'threshold' must be a number from 0 to 1, not " + threshold + ".");
        }
        return threshold;
    }

    private JobView submit(RegisteredRepository repository, JobKind kind, Double threshold, String trigger,
                           String requestedBy) {
        if (kind != JobKind.CHECK) {
            refuseAppendOnly(repository, kind);
        }
        Job job;
        synchronized (this) {
            Optional<Job> active = history(repository.name()).stream().filter(j -> !j.state().ended()).findFirst();
            if (active.isPresent()) {
                throw new ReponoProblem(Refusal.JOB_RUNNING, "Job " + active.get().id() + " ("
                        + active.get().kind().word() + ") is " + active.get().state().word() + " on repository '"
                        + repository.name() + "': one job at a time.", active.get().id(), null);
            }
            job = Job.queued(newId(), repository.name(), kind, threshold, trigger, requestedBy, Instant.now());
            List<Job> history = jobs.computeIfAbsent(repository.name(), name -> new ArrayList<>());
            history.add(0, job);
            while (history.size() > KEPT) {
                Job dropped = history.remove(history.size() - 1);
                files.delete(dropped.repository(), dropped.id());
            }
        }
        files.save(job.view(Instant.now()));
        try {
            executor.execute(() -> run(job, repository));
        } catch (RuntimeException e) {
            end(job, JobState.FAILED, JobResultView.failure("The server could not start the job: " + e));
            throw new ReponoProblem(Refusal.INTERNAL_ERROR, "The server could not start the job: " + e, e);
        }
        return job.view(Instant.now());
    }

    private static void refuseAppendOnly(RegisteredRepository repository, JobKind kind) {
        boolean appendOnly;
        try (RepositoryConnection connection = repository.connect()) {
            appendOnly = connection.maintenance().statistics().appendOnly();
        }
        if (appendOnly) {
            throw new ReponoProblem(Refusal.APPEND_ONLY, "Repository '" + repository.name()
                    + "' is append-only: " + (kind == JobKind.REPAIR ? "repair" : "compaction")
                    + " would remove data and is refused.");
        }
    }

    private void run(Job job, RegisteredRepository repository) {
        if (!job.start(Instant.now())) {
            notifyEnd(job);
            return;
        }
        files.save(job.view(Instant.now()));
        try (RepositoryConnection connection = repository.connect()) {
            RepositoryMaintenance maintenance = connection.maintenance();
            MaintenanceProgress progress = slowJobs.progressOf(job);
            if (job.kind() == JobKind.COMPACT) {
                var outcome = maintenance.compact(job.threshold(), progress, job.cancellation());
                end(job, outcome.cancelled() ? JobState.CANCELLED : JobState.SUCCEEDED,
                        JobResults.ofCompaction(outcome));
            } else {
                var outcome = maintenance.check(job.kind() == JobKind.REPAIR, progress, job.cancellation());
                end(job, outcome.cancelled() ? JobState.CANCELLED : JobState.SUCCEEDED, JobResults.ofCheck(outcome));
            }
        } catch (RepositoryFailure e) {
            end(job, job.cancellation().isCancelled() ? JobState.CANCELLED : JobState.FAILED,
                    JobResultView.failure(String.valueOf(e.getMessage())));
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "maintenance job " + job.id() + " of " + job.repository() + " failed", e);
            end(job, JobState.FAILED, JobResultView.failure("Internal error: " + e));
        }
    }

    private void end(Job job, JobState state, JobResultView result) {
        job.end(state, result, Instant.now());
        try {
            files.save(job.view(Instant.now()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the end of job " + job.id(), e);
        }
        notifyEnd(job);
    }

    private static void notifyEnd(Job job) {
        synchronized (job) {
            job.notifyAll();
        }
    }

    private Job find(String repository, String jobId) {
        return history(repository).stream().filter(job -> job.id().equals(jobId)).findFirst()
                .orElseThrow(() -> new ReponoProblem(Refusal.JOB_NOT_FOUND,
                        "Repository '" + repository + "' has no job '" + jobId + "'."));
    }

    private synchronized List<Job> history(String repository) {
        return List.copyOf(jobs.getOrDefault(repository, List.of()));
    }

    /** Unique per server and sortable by time: base-36 milliseconds and 48 random bits. */
    private static String newId() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return Long.toString(System.currentTimeMillis(), 36) + "-" + HexFormat.of().formatHex(random);
    }
}
