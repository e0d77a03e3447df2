package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.CheckReport;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.format.Fixtures;

/**
 * Crash safety by really killing a process (SIGKILL) that commits, compacts and checkpoints, at least 200 times,
 * with kills dense around the moments the child announces it starts each kind of operation. After each kill the
 * repository must hold exactly the last commit the child reported done or the one it was making, the engine's check
 * must find nothing, and every 20th time real borg's {@code check --repository-only} must agree on the raw state
 * the kill left behind.
 *
 * <p>Guards invariants 1 (nothing visible before its durable COMMIT, nothing committed lost), 2 (everything after
 * the last COMMIT is garbage removed at open), 3 (index files are derived: a kill inside a checkpoint loses nothing)
 * and 5 (a kill inside compaction loses nothing).
 *
 * <p>System properties: {@code repono.faults.kills} (default 200), {@code repono.faults.seed} (default: random,
 * printed so a failing run can be repeated).
 */
class CrashSafetyTest {

    private static final long MAX_SEGMENT_SIZE = 4L << 20;
    private static final long CHECKPOINT_BYTES = 2L << 20;
    private static final long SPILL_BYTES = 1L << 20;
    /**
     * One lock host id for the children, this JVM and borg: each judges the killed child's lock stale by the same
     * rule, and no child spends its start resolving the host's name.
     */
    static final String HOST_ID = "repono-faults@1";
    private static final int BORG_EVERY = Integer.getInteger("repono.faults.borgEvery", 20);

    /** Where a kill landed: inside which announced operation (between its START and DONE lines), or between them. */
    enum Phase { JVM_START, OPEN, COMMIT, COMPACT, CHECKPOINT, BETWEEN }

    /** What a run aims its kill at. */
    private enum Target { COMMIT, COMPACT, CHECKPOINT, ANY_TIME }

    @Test
    void invariants1235_sigkillLeavesTheLastCommitOrTheOneInFlight(@TempDir Path tempDir) throws Exception {
        // -Drepono.faults.workdir=DIR keeps the repository and the children's output for a post-mortem
        Path tmp = System.getProperty("repono.faults.workdir") == null ? tempDir
                : Files.createDirectories(Path.of(System.getProperty("repono.faults.workdir")));
        int kills = Integer.getInteger("repono.faults.kills", 200);
        long seed = Long.getLong("repono.faults.seed", System.nanoTime());
        System.out.println("CrashSafetyTest: " + kills + " kills, -Drepono.faults.seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        boolean borg = BorgCommand.available();
        BorgCommand borgCommand = new BorgCommand(tmp.resolve("borg-base"), HOST_ID);
        Path repo = tmp.resolve("repo");
        Repositories.create(repo, RepositoryOptions.defaults().withMaxSegmentSize(MAX_SEGMENT_SIZE).withLockHostId(HOST_ID))
                .close();
        Path childErr = tmp.resolve("child-stderr.txt");

        ExpectedState expected = new ExpectedState(Map.of());
        KillTiming timing = new KillTiming();
        EnumMap<Phase, Integer> landed = new EnumMap<>(Phase.class);
        int inFlightVisible = 0;
        int inFlightLost = 0;
        int borgChecks = 0;
        long childNanos = 0;
        long borgNanos = 0;
        long verifyNanos = 0;
        long started = System.nanoTime();
        for (int k = 1; k <= kills; k++) {
            Target target = pickTarget(random);
            long t0 = System.nanoTime();
            Process child = startChild(repo, random.nextLong(), childErr);
            KillSwitch killSwitch = new KillSwitch(child, target, timing, random.split());
            ChildLines lines = new ChildLines(child.getInputStream(), killSwitch::onLine);
            lines.start();
            killSwitch.armFallback();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("kill " + k + ": the child did not die");
            }
            List<String> output = lines.awaitAll();
            Files.write(tmp.resolve("children.log"), prefixed(k, output), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            killSwitch.disarm();
            String context = "kill " + k + " (seed " + seed + ", target " + target + ")";
            if (!killSwitch.killed() || output.stream().anyMatch(l -> l.startsWith("ERROR"))) {
                throw new AssertionError(context + ": the child failed by itself (exit " + child.exitValue()
                        + "); its output ends with " + tail(output) + "\nstderr:\n" + Files.readString(childErr));
            }
            Phase phase = phaseOf(output);
            landed.merge(phase, 1, Integer::sum);
            expected.follow(output);
            boolean inFlight = expected.inFlight() != null;

            long t1 = System.nanoTime();
            childNanos += t1 - t0;
            if (borg && k % BORG_EVERY == 0) {
                // on a copy: borg's own replay rewrites index.N and hints.N, and borg 1.2.4's replay leaves the shadow
                // index incomplete (it records no shadowed PUT for a replayed DELETE); the kill's state is what the
                // engine must recover from, so borg judges it without changing it
                Path view = tmp.resolve("borg-view");
                Fixtures.deleteTree(view);
                Fixtures.copyTree(repo, view);
                borgCommand.requireCleanCheck(view, context + " on the state the kill left (" + phase + ")", child.pid());
                borgChecks++;
            }
            long t2 = System.nanoTime();
            borgNanos += t2 - t1;
            // borg's lock sleeps a tenth of the wait after removing a stale lock before it retries: keep that short
            try (Repository r = Repositories.open(repo, RepositoryOptions.defaults()
                    .withLockWait(Duration.ofMillis(500)).withLockHostId(HOST_ID))) {
                Map<String, String> actual = StoredObjects.read(r);
                if (actual.equals(expected.committed())) {
                    if (inFlight) {
                        inFlightLost++;
                    }
                    expected.inFlightLost();
                } else if (inFlight && actual.equals(expected.inFlight())) {
                    inFlightVisible++;
                    expected.inFlightCommitted();
                } else {
                    throw new AssertionError(context + ", landed in " + phase + ": the repository holds neither the last"
                            + " commit reported done nor the one in flight; against the last done:"
                            + StoredObjects.difference(expected.committed(), actual)
                            + (inFlight ? "\nagainst the one in flight:" + StoredObjects.difference(expected.inFlight(), actual) : ""));
                }
                // the state as loaded, written out as a checkpoint, must be what check rebuilds from the segments
                r.checkpoint();
                CheckReport report = r.check(false, null, null);
                assertTrue(report.clean(), () -> context + ", landed in " + phase + ": engine check found " + report.problems());
                assertEquals(actual.size(), report.objects(), context + ": objects in the rebuilt index");
            }
            String incomplete = ShadowCompleteness.violations(repo);
            assertNull(incomplete, () -> context + ", landed in " + phase + ": " + incomplete);
            verifyNanos += System.nanoTime() - t2;
        }
        if (borg) {
            borgCommand.requireCleanCheck(repo, "after the last kill and the engine's reopen");
            borgChecks++;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("CrashSafetyTest: " + kills + " kills in " + seconds + " s; landed " + landed
                + "; in-flight commits found committed " + inFlightVisible + ", found absent " + inFlightLost
                + "; objects at the end " + expected.committed().size() + "; borg checks " + borgChecks
                + (borg ? "" : " (borg not installed)") + "; seconds in children " + childNanos / 1_000_000_000
                + ", in borg " + borgNanos / 1_000_000_000 + ", verifying " + verifyNanos / 1_000_000_000
                + "; operations took " + timing);
        assertTrue(landed.getOrDefault(Phase.COMMIT, 0) > 0, "no kill landed inside a commit: " + landed);
        assertTrue(landed.getOrDefault(Phase.COMPACT, 0) > 0, "no kill landed inside a compaction: " + landed);
        assertTrue(landed.getOrDefault(Phase.CHECKPOINT, 0) > 0, "no kill landed inside a checkpoint: " + landed);
        assumeTrue(borg, "borg 1.2.4 is not installed at " + BorgCommand.BORG + ": the borg half was not run");
    }

    private static Target pickTarget(SplittableRandom random) {
        int r = random.nextInt(100);
        return r < 35 ? Target.COMMIT : r < 60 ? Target.COMPACT : r < 85 ? Target.CHECKPOINT : Target.ANY_TIME;
    }

    private static Process startChild(Path repo, long seed, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashChild.class.getName());
        cmd.add(repo.toString());
        cmd.add(Long.toString(seed));
        cmd.add(Long.toString(CHECKPOINT_BYTES));
        cmd.add(Long.toString(SPILL_BYTES));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().put("BORG_HOST_ID", HOST_ID);
        return pb.start();
    }

    static Phase phaseOf(List<String> lines) {
        if (lines.isEmpty()) {
            return Phase.JVM_START;
        }
        String[] last = lines.get(lines.size() - 1).split(" ", 4);
        if (last[0].equals("OPEN")) {
            return last[1].equals("START") ? Phase.OPEN : Phase.BETWEEN;
        }
        if (last.length >= 3 && last[2].equals("START")) {
            return switch (last[0]) {
                case "COMMIT" -> Phase.COMMIT;
                case "COMPACT" -> Phase.COMPACT;
                case "CHECKPOINT" -> Phase.CHECKPOINT;
                default -> throw new AssertionError("unknown line " + lines.get(lines.size() - 1));
            };
        }
        return Phase.BETWEEN;
    }

    private static List<String> prefixed(int k, List<String> output) {
        List<String> out = new ArrayList<>(output.size() + 1);
        out.add("--- child " + k);
        output.forEach(l -> out.add(l));
        return out;
    }

    private static String tail(List<String> output) {
        List<String> last = output.subList(Math.max(0, output.size() - 3), output.size());
        StringBuilder sb = new StringBuilder();
        for (String l : last) {
            sb.append("\n  ").append(l.length() > 200 ? l.substring(0, 200) + "..." : l);
        }
        return sb.toString();
    }

    /**
     * How long each kind of operation takes, as the parent sees its START and DONE lines arrive (a moving average):
     * a kill aimed at an operation waits a random part of that after its START line.
     */
    static final class KillTiming {
        private final EnumMap<Target, Double> nanos = new EnumMap<>(Target.class);

        synchronized long pick(Target target, SplittableRandom random) {
            double estimate = nanos.getOrDefault(target, 3_000_000.0);
            return (long) (random.nextDouble() * 1.2 * estimate);
        }

        synchronized void observed(Target target, long durationNanos) {
            Double old = nanos.get(target);
            nanos.put(target, old == null ? durationNanos : 0.8 * old + 0.2 * durationNanos);
        }

        @Override
        public synchronized String toString() {
            StringBuilder sb = new StringBuilder();
            nanos.forEach((t, n) -> sb.append(t).append('~').append(String.format("%.1f", n / 1e6)).append("ms "));
            return sb.toString().strip();
        }
    }

    /**
     * Kills one child: right after (a random part of the operation's usual duration) the n-th START line of the
     * target kind, or at a uniformly random moment for {@link Target#ANY_TIME}; a fallback makes sure every child
     * dies.
     */
    static final class KillSwitch {
        private final Process child;
        private final Target target;
        private final KillTiming timing;
        private final SplittableRandom random;
        private final long born = System.nanoTime();
        private int startsToSkip;
        private volatile boolean killed;
        private final EnumMap<Target, Long> startedAt = new EnumMap<>(Target.class);
        private Thread fallback;

        KillSwitch(Process child, Target target, KillTiming timing, SplittableRandom random) {
            this.child = child;
            this.target = target;
            this.timing = timing;
            this.random = random;
            this.startsToSkip = random.nextInt(3);
        }

        /** Runs on the line reader: reacting there keeps the kill close to the announcement. */
        void onLine(String line) {
            long now = System.nanoTime();
            String[] f = line.split(" ", 4);
            Target kind = switch (f[0]) {
                case "COMMIT" -> Target.COMMIT;
                case "COMPACT" -> Target.COMPACT;
                case "CHECKPOINT" -> Target.CHECKPOINT;
                default -> null;
            };
            if (kind == null || f.length < 3 || killed) {
                return;
            }
            if (f[2].equals("DONE")) {
                Long start = startedAt.remove(kind);
                if (start != null) {
                    timing.observed(kind, now - start);
                }
                return;
            }
            startedAt.put(kind, now);
            if (kind == target && startsToSkip-- == 0) {
                long delay = timing.pick(kind, random);
                waitPrecisely(now + delay);
                kill();
            }
        }

        void armFallback() {
            long delayNanos = target == Target.ANY_TIME ? (long) (random.nextDouble() * 1.5e9) : 20_000_000_000L;
            fallback = new Thread(() -> {
                try {
                    long wait = born + delayNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    kill();
                } catch (InterruptedException e) {
                    // disarmed
                }
            }, "kill-fallback");
            fallback.setDaemon(true);
            fallback.start();
        }

        void disarm() {
            fallback.interrupt();
        }

        boolean killed() {
            return killed;
        }

        private synchronized void kill() {
            if (!killed && child.isAlive()) {
                killed = true;
                // SIGKILL on Linux; through the handle, because Process.destroyForcibly also closes our end of the
                // child's stdout, losing the lines it wrote just before it died
                child.toHandle().destroyForcibly();
            }
        }

        /** Sleeps the coarse part, spins the last 2 ms: sub-millisecond aim at short operations. */
        private static void waitPrecisely(long deadline) {
            long left;
            while ((left = deadline - System.nanoTime()) > 2_000_000) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left - 2_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }
}
