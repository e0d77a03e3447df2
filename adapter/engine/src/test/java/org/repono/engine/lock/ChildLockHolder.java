package org.repono.engine.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real second JVM running {@link LockHolderMain}: a lock holder with its own pid. */
final class ChildLockHolder implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final String firstLine;

    private ChildLockHolder(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.firstLine = out.readLine();
    }

    /**
     * Starts the child and waits until it reports LOCKED or FAILED.
     *
     * @param hostIdEnv value for the child's $BORG_HOST_ID; null = remove it from the child's environment
     */
    static ChildLockHolder start(Path repo, boolean exclusive, Duration wait, String hostIdEnv) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(LockHolderMain.class.getName());
        cmd.add(repo.toString());
        cmd.add(exclusive ? "exclusive" : "shared");
        cmd.add(Long.toString(wait == null ? -1 : wait.toMillis()));
        cmd.add("-");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        if (hostIdEnv == null) {
            env.remove(BorgHostId.ENV);
        } else {
            env.put(BorgHostId.ENV, hostIdEnv);
        }
        return new ChildLockHolder(pb.start());
    }

    /** The child needs only the engine's classes and this test class: their two output folders. */
    private static String classPath() {
        try {
            Path tests = Path.of(LockHolderMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path main = Path.of(RepositoryLock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return tests + java.io.File.pathSeparator + main;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean locked() {
        return firstLine != null && firstLine.startsWith("LOCKED ");
    }

    /** The child's lock file name (host.pid-thread), or its failure line. */
    String report() {
        return firstLine;
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command and returns the child's answer line. */
    String send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        return out.readLine();
    }

    /** SIGKILL: the child gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
