package org.repono.engine.cli;

import org.repono.engine.CompactionReport;
import org.repono.engine.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compact [--threshold F] REPO}: borg compact, without borg's manifest re-put. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite every segment whose freeable share exceeds the threshold, copying its live "
                + "objects forward, then delete it (borg compact). Refused in append-only mode.")
final class CompactCommand extends RepositoryCommand {

    @Option(names = "--threshold", paramLabel = "F", defaultValue = "0.1",
            description = "minimum freeable share of a segment: a fraction 0..1 (e.g. 0.1) or a percentage "
                    + "with a percent sign (e.g. 10%%); a segment is rewritten when its share is strictly above "
                    + "it (default: ${DEFAULT-VALUE}, borg's 10%%)")
    String threshold;

    @Override
    int run() {
        double t = ThresholdArgument.parse("--threshold", threshold);
        CompactionReport report;
        // closed in reverse: the repository (lock, checkpoint) before the shutdown hook lets an interrupted JVM go
        try (CancelOnInterrupt interrupt = new CancelOnInterrupt(); Repository r = open(true);
             TerminalProgress progress = TerminalProgress.onConsole(root.err())) {
            report = r.compact(t, progress, interrupt.cancellation());
        }
        root.out().println(text(report));
        return report.cancelled() ? ExitCode.PROBLEMS_FOUND : ExitCode.OK;
    }

    static String text(CompactionReport r) {
        return (r.cancelled() ? "compact (interrupted, the work done so far is committed): " : "compact: ")
                + r.segmentsRewritten() + (r.segmentsRewritten() == 1 ? " segment" : " segments") + " rewritten, "
                + r.objectsMoved() + (r.objectsMoved() == 1 ? " object" : " objects") + " moved, "
                + r.bytesFreed() + " bytes freed (" + r.bytesBefore() + " -> " + r.bytesAfter() + " segment bytes), "
                + JsonObject.number(r.duration().toNanos() / 1e9, 3) + " s";
    }
}
