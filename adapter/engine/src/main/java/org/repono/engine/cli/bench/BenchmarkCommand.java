package org.repono.engine.cli.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.repono.engine.cli.ExitCode;
import org.repono.engine.cli.ReponoCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code benchmark}: runs the workloads in order, each in a child JVM of its own (the same classpath), and
 * copies the children's JSON lines to stdout; progress goes to stderr. A child is this command with the hidden
 * {@code --child NAME}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the repository benchmark of bench/WORKLOADS.md (borg_repo_bench.py's workloads and "
                + "ours) against the engine: one JSON line per workload on stdout, impl \"repono\".",
                "Cold workloads drop the page cache when /proc/sys/vm/drop_caches is writable (root), else run "
                        + "warm and say so in their \"cache\" field."})
public final class BenchmarkCommand implements Callable<Integer> {

    @ParentCommand
    ReponoCommand root;

    @Option(names = "--workload", paramLabel = "NAME", split = ",",
            description = "run only these workloads (repeatable or comma-separated; they use the repositories "
                    + "earlier workloads left in --dir). Default: all, in order: ${COMPLETION-CANDIDATES}",
            completionCandidates = WorkloadNames.class)
    List<String> workloads;

    @Option(names = "--scale", paramLabel = "F", defaultValue = "1.0",
            description = "multiplies object counts, never sizes (default ${DEFAULT-VALUE}; 0.01 for a quick try)")
    double scale;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/tmp/repono-bench",
            description = "where the repositories go (default ${DEFAULT-VALUE}); about 2.5 GB at scale 1")
    Path dir;

    @Option(names = "--run", paramLabel = "N", defaultValue = "1",
            description = "the run number written into the lines (default ${DEFAULT-VALUE})")
    int run;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run the whole sequence N times, numbered from --run on (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--keep", description = "keep the repositories afterwards")
    boolean keep;

    @Option(names = "--warm", description = "never drop the page cache: cold workloads run warm and say so "
            + "(for shared machines, where dropping every process's cache would disturb others)")
    boolean warm;

    @Option(names = "--jvm-option", paramLabel = "OPT",
            description = "an option for the child JVMs, e.g. --jvm-option=-Xmx2g (repeatable)")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--child", hidden = true)
    String child;

    @Override
    public Integer call() throws Exception {
        if (!(scale > 0) || scale > 100) {
            throw new IllegalArgumentException("--scale '" + scale + "' must be above 0 and at most 100");
        }
        if (run < 1 || repeat < 1) {
            throw new IllegalArgumentException("--run and --repeat must be 1 or more");
        }
        if (child != null) {
            return runChild();
        }
        List<String> children = children(workloads);
        Files.createDirectories(dir);
        Path absolute = dir.toAbsolutePath();
        long start = System.nanoTime();
        for (int r = run; r < run + repeat; r++) {
            for (String c : children) {
                root.err().printf("[%7.1fs] run %d %s%n", (System.nanoTime() - start) / 1e9, r, c);
                spawn(c, absolute, r);
            }
        }
        root.err().printf("[%7.1fs] done%n", (System.nanoTime() - start) / 1e9);
        if (!keep) {
            for (String name : Workloads.REPOSITORIES) {
                Workloads.deleteTree(absolute.resolve(name));
            }
        }
        return ExitCode.OK;
    }

    /** The child processes to run, in order: the chosen workloads, commit_concurrent once per thread count. */
    static List<String> children(List<String> chosen) {
        Set<String> wanted = new LinkedHashSet<>();
        if (chosen == null || chosen.isEmpty()) {
            wanted.addAll(Workloads.NAMES);
        } else {
            for (String w : chosen) {
                String name = w.strip();
                if (name.equals("get_random_warm")) {
                    name = "get_random"; // one process measures both, as borg's harness does
                }
                if (!Workloads.NAMES.contains(name)) {
                    throw new IllegalArgumentException("--workload '" + w + "' is not a workload; known: "
                            + String.join(", ", Workloads.NAMES));
                }
                wanted.add(name);
            }
        }
        List<String> children = new ArrayList<>();
        for (String name : Workloads.NAMES) {
            if (!wanted.contains(name)) {
                continue;
            }
            if (name.equals("commit_concurrent")) {
                for (int t : Workloads.CONCURRENT_THREADS) {
                    children.add(name + ":" + t);
                }
            } else {
                children.add(name);
            }
        }
        return children;
    }

    private void spawn(String name, Path absoluteDir, int runNumber) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ReponoCommand.class.getName());
        cmd.addAll(List.of("benchmark", "--child", name, "--dir", absoluteDir.toString(), "--scale",
                Double.toString(scale), "--run", Integer.toString(runNumber)));
        if (warm) {
            cmd.add("--warm");
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                root.out().println(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("benchmark workload " + name + " failed (child JVM exit " + code
                    + "; its error is above)");
        }
    }

    private int runChild() throws Exception {
        // untimed, as borg's harness imports borg.repository before its timed sections
        Files.createDirectories(dir);
        EngineImport.run(dir);
        // what the JVM holds before the workload allocates anything: the runtime's share of peak_rss_mb
        double idle = ProcessMemory.peakRssMib();
        Workloads w = new Workloads(dir, scale, warm, line -> {
            root.out().println(line.extra("jvm_idle_rss_mb", idle, 1).toJson(scale, run));
            root.out().flush();
        });
        w.run(child);
        return ExitCode.OK;
    }

    /** The workload names for --help. */
    static final class WorkloadNames extends ArrayList<String> {
        WorkloadNames() {
            super(Workloads.NAMES);
        }
    }
}
