package org.repono.engine.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real borg 1.2.4 (non-interactive, its own BORG_BASE_DIR) and collects what it printed. */
final class BorgPeer {
    static final String BORG = "/usr/bin/borg";
    static final String ZERO_ID = "0".repeat(64);

    private final Path baseDir;
    private final String hostIdEnv;

    /** @param hostIdEnv borg's $BORG_HOST_ID; null = unset (borg computes fqdn@node) */
    BorgPeer(Path baseDir, String hostIdEnv) {
        this.baseDir = baseDir;
        this.hostIdEnv = hostIdEnv;
    }

    static boolean available() {
        return Files.isExecutable(Path.of(BORG));
    }

    record Result(int rc, String output) {
    }

    ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BORG);
        cmd.addAll(Arrays.asList(args));
        return org.repono.engine.format.BorgPeer.processBuilder(baseDir, hostIdEnv, cmd);
    }

    Result run(String... args) throws IOException, InterruptedException {
        Process p = builder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("borg " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** borg init --encryption=none, checked. */
    void init(Path repo) throws IOException, InterruptedException {
        Result r = run("init", "--encryption=none", repo.toString());
        if (r.rc() != 0) {
            throw new IllegalStateException("borg init failed: " + r.output());
        }
    }

    /** Starts a long borg command in the background (output goes to a file). */
    Process start(Path log, String... args) throws IOException {
        return builder(args).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** SIGKILL a borg process and whatever it started (with-lock's command). */
    static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }
}
