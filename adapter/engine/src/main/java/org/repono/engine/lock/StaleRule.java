package org.repono.engine.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * borg's process_alive: a holder is dead only if it carries our own host id, thread 0, and its pid is
 * gone. Anything we cannot judge (foreign host, non-zero thread, a pid borg's kill(pid, 0) would not
 * answer with ESRCH) counts as alive, so a lock is never broken on a guess.
 */
final class StaleRule {
    /** Linux pid_t is a signed 32-bit int; borg's os.kill cannot even be asked about larger numbers. */
    private static final long MAX_PID = Integer.MAX_VALUE;

    private static final boolean PROC_HIDES_OTHERS = procHidesOtherUsersProcesses();

    private StaleRule() {
    }

    /** True unless borg would remove {@code holder} as stale when running as {@code ownHostId}. */
    static boolean possiblyAlive(ProcessIdentity holder, String ownHostId) {
        if (!holder.host().equals(ownHostId)) {
            return true;
        }
        if (holder.thread() != 0) {
            return true;
        }
        return localPidAlive(holder.pid());
    }

    /**
     * kill(pid, 0) != ESRCH. pid 0 and negative pids address process groups and huge ones cannot be
     * signalled: treated as alive. ProcessHandle reads /proc, which sees zombies (kill succeeds on them
     * too) and processes of other users (kill gives EPERM = alive for borg) - unless /proc is mounted
     * with hidepid, where an invisible pid may well be alive.
     */
    static boolean localPidAlive(long pid) {
        if (pid <= 0 || pid > MAX_PID) {
            return true;
        }
        if (ProcessHandle.of(pid).isPresent()) {
            return true;
        }
        return PROC_HIDES_OTHERS;
    }

    private static boolean procHidesOtherUsersProcesses() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            for (String line : lines) {
                String[] f = line.split(" ");
                // mountinfo: id parent maj:min root mountpoint options ... - fstype source superoptions
                if (f.length > 4 && f[4].equals("/proc")) {
                    int sep = line.indexOf(" - ");
                    String superOptions = sep < 0 ? "" : line.substring(sep + 3);
                    return superOptions.matches(".*\\bhidepid=(1|2|noaccess|invisible)\\b.*");
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
