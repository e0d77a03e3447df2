package org.repono.engine.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real borg 1.2.4 (the CLI, or /usr/bin/python3 with borg's modules) as a test peer, isolated
 * from the user's borg state, non-interactive. Public so that other packages' tests can use it.
 */
public final class BorgPeer {

    /** Exit code and the merged stdout+stderr text. */
    public record Result(int exitCode, String output) {
    }

    private BorgPeer() {
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/borg")) && Files.isExecutable(Path.of("/usr/bin/python3"));
    }

    /** {@code borg <args>} with BORG_BASE_DIR under {@code base}. */
    public static Result borg(Path base, String... args) {
        return borg(base, Map.of(), args);
    }

    /** {@code borg <args>} with extra environment variables (e.g. BORG_PASSPHRASE). */
    public static Result borg(Path base, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/borg");
        cmd.addAll(List.of(args));
        return run(base, cmd, null, extraEnv);
    }

    /** {@code /usr/bin/python3 -c <script> <args>}, borg importable; stdin from {@code input} (may be null). */
    public static Result python(Path base, String script, byte[] input, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/python3");
        cmd.add("-c");
        cmd.add(script);
        cmd.addAll(List.of(args));
        return run(base, cmd, input, Map.of());
    }

    /**
     * A process builder for {@code cmd} with borg's environment: BORG_BASE_DIR = {@code base}, never prompting,
     * {@code hostId} as $BORG_HOST_ID (null: unset, borg computes fqdn@node), stdout and stderr merged. For a borg
     * that must keep running while the test goes on (holding a lock); {@link #run} for one that just answers.
     */
    public static ProcessBuilder processBuilder(Path base, String hostId, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("BORG_BASE_DIR", base.toString());
        env.put("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_CHECK_I_KNOW_WHAT_I_AM_DOING", "YES");
        env.put("LANG", "C.UTF-8");
        env.put("BORG_SELFTEST", "disabled");
        if (hostId == null) {
            env.remove("BORG_HOST_ID");
        } else {
            env.put("BORG_HOST_ID", hostId);
        }
        return pb;
    }

    /** {@code borg <args>} with $BORG_HOST_ID = {@code hostId} (null: unset). */
    public static Result borgAs(Path base, String hostId, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/borg");
        cmd.addAll(List.of(args));
        return run(base, hostId, cmd, null, Map.of());
    }

    private static Result run(Path base, List<String> cmd, byte[] input, Map<String, String> extraEnv) {
        return run(base, null, cmd, input, extraEnv);
    }

    /**
     * Runs {@code cmd} to its end (at most 300 s) with borg's environment (see {@link #processBuilder}), stdin from
     * {@code input} (null: /dev/null); returns its exit code and merged output.
     */
    public static Result run(Path base, String hostId, List<String> cmd, byte[] input, Map<String, String> extraEnv) {
        try {
            Files.createDirectories(base);
            ProcessBuilder pb = processBuilder(base, hostId, cmd);
            pb.environment().putAll(extraEnv);
            Path out = Files.createTempFile(base, "borg-out", ".txt");
            pb.redirectOutput(out.toFile());
            if (input == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process p = pb.start();
            if (input != null) {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input);
                }
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("borg did not finish in 300 s: " + cmd);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
