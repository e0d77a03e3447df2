package org.repono.engine.cli;

import java.util.ArrayList;
import java.util.List;
import org.repono.engine.CheckProblem;
import org.repono.engine.CheckReport;
import org.repono.engine.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check [--repair] [--json] REPO}: borg check --repository-only. Exit 0 when clean (or when a repair
 * left a clean, committed repository), 1 when problems were found, 2 on an error.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify every segment entry's CRC and compare the index rebuilt from the segments with the "
                + "committed one (borg check --repository-only). Exit 0 clean, 1 problems found, 2 error.")
final class CheckCommand extends RepositoryCommand {
    /** The system property through which --threads reaches the engine (the public API has no parameter for it). */
    static final String THREADS_PROPERTY = "repono.check.threads";

    @Option(names = "--repair", description = "repair what can be repaired (borg check --repair): damaged entries "
            + "are dropped, the index is rebuilt; refused in append-only mode")
    boolean repair;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads that read and verify segments (default: the engine's choice)")
    Integer threads;

    @Override
    int run() {
        if (threads != null) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("--threads '" + threads + "' must be from 1 to 1024");
            }
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        }
        CheckReport report;
        // closed in reverse: the repository (lock, checkpoint) before the shutdown hook lets an interrupted JVM go
        try (CancelOnInterrupt interrupt = new CancelOnInterrupt(); Repository r = open(true);
             TerminalProgress progress = TerminalProgress.onConsole(root.err())) {
            report = r.check(repair, progress, interrupt.cancellation());
        }
        root.out().print(json ? json(report) + "\n" : text(report));
        int problems = report.problems().size();
        if (report.cancelled()) {
            root.err().println("repono: check was interrupted before the end; nothing was changed");
            return ExitCode.PROBLEMS_FOUND;
        }
        if (repair && report.repaired()) {
            return ExitCode.OK;
        }
        if (!report.clean()) {
            root.err().println("repono: check found " + problems + (problems == 1 ? " problem" : " problems")
                    + " in " + repository + (repair ? " and could not repair them all" : " (check --repair mends them)"));
            return ExitCode.PROBLEMS_FOUND;
        }
        return ExitCode.OK;
    }

    static String text(CheckReport r) {
        StringBuilder b = new StringBuilder();
        for (CheckProblem p : r.problems()) {
            b.append(p.kind());
            if (p.segment() >= 0) {
                b.append(" in segment ").append(p.segment());
            }
            if (p.offset() >= 0) {
                b.append(" at offset ").append(p.offset());
            }
            b.append(": ").append(p.message().strip().replaceAll("\\s*[\\r\\n]+\\s*", "; "));
            b.append(p.repaired() ? " (repaired)" : "").append('\n');
        }
        b.append(r.repair() ? "repair: " : "check: ")
                .append(r.cancelled() ? "interrupted" : r.problems().isEmpty() ? "no problems"
                        : r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems"))
                .append(r.repair() && r.repaired() ? ", repository repaired" : "")
                .append("; ").append(r.segmentsChecked()).append(" segments, ")
                .append(r.entriesChecked()).append(" entries, ")
                .append(r.bytesChecked()).append(" bytes checked, ")
                .append(r.objects()).append(" objects, ")
                .append(JsonObject.number(r.duration().toNanos() / 1e9, 3)).append(" s\n");
        return b.toString();
    }

    static String json(CheckReport r) {
        List<String> problems = new ArrayList<>(r.problems().size());
        for (CheckProblem p : r.problems()) {
            problems.add(new JsonObject().put("kind", p.kind()).put("segment", p.segment())
                    .put("offset", p.offset()).put("message", p.message()).put("repaired", p.repaired())
                    .toString());
        }
        return new JsonObject()
                .put("clean", r.clean())
                .put("repair", r.repair())
                .put("repaired", r.repaired())
                .put("cancelled", r.cancelled())
                .put("segments_checked", r.segmentsChecked())
                .put("entries_checked", r.entriesChecked())
                .put("bytes_checked", r.bytesChecked())
                .put("objects", r.objects())
                .put("seconds", r.duration().toNanos() / 1e9, 3)
                .raw("problems", JsonObject.array(problems))
                .toString();
    }
}
