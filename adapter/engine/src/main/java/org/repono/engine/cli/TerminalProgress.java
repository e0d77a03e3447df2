package org.repono.engine.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.repono.engine.ProgressListener;

/**
 * Shows the engine's progress (replay, check, repair, compaction) as a bar on stderr, one bar per phase,
 * but only when the process runs on a terminal: on a pipe or in a file it stays silent, so that scripts read
 * clean output.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private static final long MIB = 1L << 20;
    private static final long FRACTION_STEPS = 100;

    private final PrintStream err;
    private final boolean enabled;
    private ProgressBar bar;
    private String phase;
    private boolean bytes;

    private TerminalProgress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar on {@code err} when this JVM has a console (stdin and stdout are a terminal), else nothing. */
    static TerminalProgress onConsole(PrintStream err) {
        return new TerminalProgress(err, System.console() != null);
    }

    @Override
    public synchronized void progress(String phase, double fraction, long bytesDone, long bytesTotal) {
        if (!enabled) {
            return;
        }
        try {
            if (bar == null || !phase.equals(this.phase)) {
                closeBar();
                this.phase = phase;
                bytes = bytesTotal > 0;
                bar = new ProgressBarBuilder().setTaskName(phase)
                        .setInitialMax(bytes ? Math.max(1, bytesTotal / MIB) : FRACTION_STEPS)
                        .setUnit(bytes ? " MiB" : "%", 1).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(err))
                        .build();
            }
            if (bytes) {
                bar.maxHint(Math.max(1, bytesTotal / MIB));
                bar.stepTo(bytesDone / MIB);
            } else {
                bar.stepTo(Math.round(Math.max(0, Math.min(1, fraction)) * FRACTION_STEPS));
            }
        } catch (RuntimeException e) {
            // a progress bar must never break the work it reports on
            closeBar();
        }
    }

    private void closeBar() {
        if (bar != null) {
            try {
                bar.close();
            } catch (RuntimeException ignored) {
                // the bar is decoration: nothing to do when the terminal went away
            }
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
