package org.repono.facade.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.repono.api.MaintenanceCancellation;
import org.repono.api.MaintenanceProgress;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;

/**
 * One maintenance job: what it is, where it is in its life, its progress while it runs and its result once it
 * ended. Thread-safe: the worker thread reports progress and the end, request threads read views and cancel.
 */
public final class Job implements MaintenanceProgress {

    /** Before this much of the work is done the rate is too unsteady for an ETA. */
    private static final double ETA_MIN_FRACTION = 0.005;

    private final String id;
    private final String repository;
    private final JobKind kind;
    private final Double threshold;
    private final String trigger;
    private final String requestedBy;
    private final Instant created;
    private final MaintenanceCancellation cancellation = new MaintenanceCancellation();

    private JobState state;
    private boolean cancelRequested;
    private Instant started;
    private Instant finished;
    private JobResultView result;
    // written by the worker on every progress call: volatile, read without the lock
    private volatile double fraction;
    private volatile long bytesDone;
    private volatile long bytesTotal;

    private Job(String id, String repository, JobKind kind, Double threshold, String trigger, String requestedBy,
                Instant created) {
        this.id = Objects.requireNonNull(id, "id");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.threshold = kind == JobKind.COMPACT ? Objects.requireNonNull(threshold, "threshold") : null;
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.requestedBy = requestedBy;
        this.created = millis(Objects.requireNonNull(created, "created"));
        this.state = JobState.QUEUED;
    }

    /** A new job, queued. */
    public static Job queued(String id, String repository, JobKind kind, Double threshold, String trigger,
                             String requestedBy, Instant now) {
        return new Job(id, repository, kind, threshold, trigger, requestedBy, now);
    }

    /** A job as its file kept it. */
    public static Job restored(JobView view) {
        Job job = new Job(view.id(), view.repository(), JobKind.of(view.kind()).orElseThrow(
                () -> new IllegalArgumentException("unknown job kind '" + view.kind() + "'")),
                view.threshold(), view.trigger(), view.requestedBy(), view.created());
        job.state = JobState.of(view.state());
        job.cancelRequested = view.cancelRequested();
        job.started = view.started();
        job.finished = view.finished();
        job.result = view.result();
        job.fraction = view.progress();
        job.bytesDone = view.bytesDone();
        job.bytesTotal = view.bytesTotal();
        return job;
    }

    public String id() {
        return id;
    }

    public String repository() {
        return repository;
    }

    public JobKind kind() {
        return kind;
    }

    /** The compaction threshold; null for the other kinds. */
    public Double threshold() {
        return threshold;
    }

    public Instant created() {
        return created;
    }

    /** What the worker passes to the adapter: raised by {@link #requestCancel}. */
    public MaintenanceCancellation cancellation() {
        return cancellation;
    }

    public synchronized JobState state() {
        return state;
    }

    @Override
    public void progress(double fraction, long bytesDone, long bytesTotal) {
        this.fraction = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
    }

    /** The worker starts it; false when it was cancelled while queued (then it must not run). */
    public synchronized boolean start(Instant now) {
        if (state != JobState.QUEUED) {
            return false;
        }
        state = JobState.RUNNING;
        started = millis(now);
        return true;
    }

    /**
     * Asks the job to stop: a queued job is cancelled at once, a running one at its next safe point.
     *
     * @return false when it had ended already
     */
    public synchronized boolean requestCancel(Instant now) {
        if (state.ended()) {
            return false;
        }
        cancelRequested = true;
        cancellation.cancel();
        if (state == JobState.QUEUED) {
            state = JobState.CANCELLED;
            finished = millis(now);
            result = JobResultView.failure("Cancelled before it started.");
        }
        return true;
    }

    /** The worker's end: {@code state} is SUCCEEDED, FAILED or CANCELLED. */
    public synchronized void end(JobState state, JobResultView result, Instant now) {
        if (!state.ended()) {
            throw new IllegalArgumentException("a job ends as succeeded, failed or cancelled, not " + state);
        }
        if (this.state.ended()) {
            return;
        }
        this.state = state;
        this.result = Objects.requireNonNull(result, "result");
        this.finished = millis(now);
        if (this.started == null) {
            this.started = this.finished;
        }
        if (state == JobState.SUCCEEDED) {
            this.fraction = 1;
        }
    }

    public synchronized JobView view(Instant now) {
        double progress = state == JobState.SUCCEEDED ? 1 : fraction;
        double elapsed = started == null ? 0 : seconds(started, finished != null ? finished : now);
        Instant eta = null;
        Double remaining = null;
        if (state == JobState.RUNNING && progress >= ETA_MIN_FRACTION && progress < 1 && elapsed > 0) {
            double remainingSeconds = elapsed * (1 - progress) / progress;
            eta = millis(now.plusMillis(Math.round(remainingSeconds * 1000)));
            remaining = remainingSeconds;
        }
        return new JobView(id, repository, kind.word(), threshold, trigger, requestedBy, state.word(),
                cancelRequested, progress, bytesDone, bytesTotal, created, started, finished, eta, remaining,
                elapsed, result);
    }

    // times to the millisecond: what people and the JSON need
    private static Instant millis(Instant time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
