package org.repono.engine.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a lock looks like on disk, for assertions; and ways to plant holders the way borg would leave them. */
final class LockFiles {
    private LockFiles() {
    }

    static Path exclusiveDir(Path repo) {
        return repo.resolve("lock.exclusive");
    }

    static Path roster(Path repo) {
        return repo.resolve("lock.roster");
    }

    /** Names in lock.exclusive/, sorted; empty when the directory does not exist. */
    static List<String> exclusiveFiles(Path repo) throws IOException {
        Path dir = exclusiveDir(repo);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return List.copyOf(new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()));
        }
    }

    static String rosterText(Path repo) throws IOException {
        Path r = roster(repo);
        return Files.exists(r) ? Files.readString(r, StandardCharsets.UTF_8) : null;
    }

    /** Every name in the repository directory starting with "lock" (catches leftover temp dirs). */
    static List<String> lockNames(Path repo) throws IOException {
        try (Stream<Path> s = Files.list(repo)) {
            return List.copyOf(new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("lock")).toList()));
        }
    }

    /** Makes lock.exclusive/ hold {@code holder} as borg does (prepared temp dir renamed into place). */
    static void plantExclusive(Path repo, ProcessIdentity holder) throws IOException {
        Path temp = Files.createTempDirectory(repo, "lock.exclusive.");
        Files.createFile(temp.resolve(holder.lockFileName()));
        Files.move(temp, exclusiveDir(repo), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeRoster(Path repo, String json) throws IOException {
        Files.writeString(roster(repo), json, StandardCharsets.UTF_8);
    }

    static String entry(ProcessIdentity id) {
        return "[\"" + id.host() + "\", " + id.pid() + ", " + id.thread() + "]";
    }

    /** The pid of a process that has already exited (a real one, so the number was really used). */
    static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(30, TimeUnit.SECONDS);
        long pid = p.pid();
        if (ProcessHandle.of(pid).isPresent()) {
            throw new IllegalStateException("pid " + pid + " still present");
        }
        return pid;
    }

    /** A live process other than ours; the caller destroys it. */
    static Process liveProcess() throws IOException {
        return new ProcessBuilder("sleep", "600").start();
    }
}
