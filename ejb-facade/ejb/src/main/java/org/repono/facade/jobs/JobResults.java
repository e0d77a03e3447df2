package org.repono.facade.jobs;

import java.util.List;
import java.util.Locale;
import org.repono.api.CheckOutcome;
import org.repono.api.CheckProblemReport;
import org.repono.api.CompactionOutcome;
import org.repono.facade.CheckProblemView;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;
import org.repono.facade.LastCheckView;

/** What the adapter's outcomes become in a job's result, and the verdict a finished check leaves. */
public final class JobResults {

    private JobResults() {
    }

    public static JobResultView ofCheck(CheckOutcome outcome) {
        List<CheckProblemView> problems = outcome.problems().stream().map(JobResults::problem).toList();
        int repaired = (int) problems.stream().filter(CheckProblemView::repaired).count();
        String what = outcome.repair() ? "Repaired" : "Checked";
        StringBuilder message = new StringBuilder(what).append(' ').append(outcome.segmentsChecked())
                .append(outcome.segmentsChecked() == 1 ? " segment (" : " segments (")
                .append(bytes(outcome.bytesChecked())).append("): ");
        if (outcome.cancelled()) {
            message.append("cancelled before the end; ");
        }
        if (problems.isEmpty()) {
            message.append("no problems found.");
        } else {
            message.append(problems.size()).append(problems.size() == 1 ? " problem found" : " problems found");
            if (outcome.repair()) {
                message.append(", ").append(repaired).append(" repaired");
            }
            message.append('.');
        }
        return new JobResultView(problems.size(), repaired, 0, 0, outcome.segmentsChecked(), 0, problems,
                message.toString());
    }

    public static JobResultView ofCompaction(CompactionOutcome outcome) {
        String message = (outcome.cancelled() ? "Cancelled after rewriting " : "Rewrote ")
                + outcome.segmentsRewritten() + (outcome.segmentsRewritten() == 1 ? " segment" : " segments")
                + " (" + outcome.objectsMoved() + " objects moved): " + bytes(outcome.bytesFreed()) + " freed.";
        return new JobResultView(0, 0, outcome.bytesFreed(), outcome.segmentsRewritten(), 0, outcome.objectsMoved(),
                List.of(), message);
    }

    /**
     * The verdict of a finished check or repair: clean, repaired (every problem mended), problems (some left),
     * failed (no verdict: it broke off with an error) or cancelled.
     */
    public static String outcome(JobView job) {
        if ("cancelled".equals(job.state())) {
            return "cancelled";
        }
        if ("failed".equals(job.state()) || job.result() == null) {
            return "failed";
        }
        JobResultView result = job.result();
        if (result.problemsFound() == 0) {
            return "clean";
        }
        return result.problemsRepaired() >= result.problemsFound() ? "repaired" : "problems";
    }

    /** The last-check summary of a finished check or repair. */
    public static LastCheckView lastCheck(JobView job) {
        return new LastCheckView(job.id(), job.kind(), outcome(job), job.finished());
    }

    private static CheckProblemView problem(CheckProblemReport report) {
        return new CheckProblemView(report.kind(), report.segment(), report.offset(), report.message(),
                report.repaired());
    }

    /** Sizes for people: bytes, kB, MB, GB (powers of 1000, as borg prints them). */
    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
