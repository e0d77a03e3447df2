package org.repono.engine.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import org.repono.engine.format.BorgPeer;

/**
 * The real borg 1.2.4 as a judge: isolated client state (BORG_BASE_DIR), never prompting, its output read as well
 * as its exit code (FORMAT §9).
 */
final class BorgCommand {
    static final Path BORG = Path.of("/usr/bin/borg");

    record Result(int exitCode, String output) {
    }

    private final Path base;
    private final String hostId;

    BorgCommand(Path base) {
        this(base, null);
    }

    /** @param hostId $BORG_HOST_ID for borg's locks (null: borg computes it) */
    BorgCommand(Path base, String hostId) {
        this.base = base;
        this.hostId = hostId;
    }

    static boolean available() {
        return Files.isExecutable(BORG);
    }

    /**
     * {@code borg check --repository-only}: rc 0 and not one line of output. borg reports per-key index
     * differences and count mismatches as output while its rc can stay 0, so silence is the only clean answer.
     */
    void requireCleanCheck(Path repo, String context) {
        requireCleanCheck(repo, context, -1);
    }

    /**
     * As {@link #requireCleanCheck(Path, String)}, where the only lines allowed are borg removing the stale lock of
     * the process {@code killedPid} (which we killed while it held the lock): "Killed stale lock host.pid-0." and
     * "Removed stale exclusive roster lock for host ... pid ... thread 0.".
     */
    void requireCleanCheck(Path repo, String context, long killedPid) {
        Result r = run("check", "--repository-only", repo.toString());
        boolean clean = r.exitCode() == 0;
        for (String line : r.output().split("\n")) {
            if (!line.isBlank() && !(killedPid > 0 && isStaleLockOf(line.strip(), killedPid))) {
                clean = false;
            }
        }
        if (!clean) {
            throw new AssertionError("borg check --repository-only " + context + ": rc " + r.exitCode() + ", output:\n"
                    + visible(r.output()));
        }
    }

    private static boolean isStaleLockOf(String line, long pid) {
        return line.matches("Killed stale lock \\S+\\." + pid + "-0\\.")
                || line.matches("Removed stale (exclusive|shared) roster lock for host \\S+ pid " + pid + " thread 0\\.");
    }

    /** Output with control characters spelled out, so that even a line of them shows in a failure. */
    static String visible(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\n' || (c >= ' ' && c < 127)) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    Result run(String... args) {
        BorgPeer.Result r = BorgPeer.borgAs(base, hostId, args);
        return new Result(r.exitCode(), r.output());
    }
}
