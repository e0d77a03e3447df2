package org.repono.engine.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.cli.bench.BenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar repono-cli.jar COMMAND [options] REPO [args]}: the entry point. Holds the global options
 * (valid before or after the command name) and the streams every command writes to, so that tests run the
 * CLI in-process with streams of their own.
 */
@Command(name = "repono", mixinStandardHelpOptions = true, versionProvider = ReponoVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Operates on BorgBackup 1.2.4 repositories (the repository layer: objects by id, "
                + "transactions, check, compaction) without borg.",
        footer = {"", "Exit codes: 0 success, 1 check found problems, 2 error (one line on stderr; "
                + "the stack trace with --debug)."},
        subcommands = {InitCommand.class, PutCommand.class, GetCommand.class, DeleteCommand.class,
                ListCommand.class, InfoCommand.class, CheckCommand.class, CompactCommand.class,
                BreakLockCommand.class, BenchmarkCommand.class})
public final class ReponoCommand implements Callable<Integer> {

    @Option(names = "--lock-wait", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "wait at most SECONDS for the repository's lock (default: 1, as borg)")
    private Double lockWaitSeconds;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "print stack traces of failures and the engine's debug log on stderr")
    private boolean debug;

    private final PrintStream out;
    private final PrintStream err;

    public ReponoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new ReponoCommand(System.out, System.err).execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns the exit code; never throws and never calls System.exit. */
    public int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String help = ex.getCommandLine().getCommandName().equals("repono") ? "repono --help"
                    : "repono " + ex.getCommandLine().getCommandName() + " --help";
            err.println("repono: " + ex.getMessage().strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ")
                    + " (see " + help + ")");
            return ExitCode.ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> fail(ex));
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Prints the failure's one line (and with --debug its stack trace) and returns its exit code. */
    int fail(Throwable failure) {
        ErrorLine line = ErrorLine.of(failure);
        if (debug) {
            failure.printStackTrace(err);
        }
        err.println(line.text());
        return line.exitCode();
    }

    @Override
    public Integer call() {
        err.println("repono: no command given (see repono --help)");
        return ExitCode.ERROR;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean debug() {
        return debug;
    }

    /** The --lock-wait as a duration (1 s when not given, borg's CLI default). */
    public Duration lockWait() {
        double s = lockWaitSeconds == null ? 1.0 : lockWaitSeconds;
        if (!(s >= 0) || s > 1e9) {
            throw new IllegalArgumentException("--lock-wait '" + s + "' must be a number of seconds, 0 or more");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** The options every command opens a repository with: borg's defaults, --lock-wait, the lock kind given. */
    public RepositoryOptions options(boolean exclusive) {
        return RepositoryOptions.defaults().withLockWait(lockWait()).withExclusive(exclusive);
    }

    /** With --debug, lets the engine's java.util.logging records down to FINE through to stderr. */
    void enableDebugLog() {
        if (!debug) {
            return;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(Level.FINE);
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.FINE);
        root.addHandler(h);
    }
}
