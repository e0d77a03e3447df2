package org.repono.engine.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.repono.engine.format.BorgPeer;

/** The real borg 1.2.4 as a test peer, isolated in its own BORG_BASE_DIR and never prompting. */
final class Borg {
    /** What one borg run printed and returned. */
    record Run(int exitCode, String output) {
        boolean silentSuccess() {
            return exitCode == 0 && output.isBlank();
        }
    }

    private final Path baseDir;

    Borg(Path baseDir) {
        this.baseDir = baseDir;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/borg"));
    }

    Run run(String... args) {
        BorgPeer.Result r = BorgPeer.borgAs(baseDir, null, args);
        return new Run(r.exitCode(), r.output());
    }

    Run ok(String... args) {
        Run run = run(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("borg " + String.join(" ", args) + " exited " + run.exitCode() + ": " + run.output());
        }
        return run;
    }

    void init(Path repo, String... options) {
        List<String> args = new ArrayList<>(List.of("init", "--encryption=none"));
        args.addAll(Arrays.asList(options));
        args.add(repo.toString());
        ok(args.toArray(String[]::new));
    }

    void putObject(Path repo, byte[] id, byte[] data) {
        try {
            Path file = Files.createTempFile(baseDir, "obj", ".bin");
            Files.write(file, data);
            ok("debug", "put-obj", repo.toString(), hex(id), file.toString());
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object's bytes, or null when borg says it is not found. */
    byte[] getObject(Path repo, byte[] id) {
        try {
            Path file = baseDir.resolve("get-" + hex(id));
            Files.deleteIfExists(file);
            Run run = run("debug", "get-obj", repo.toString(), hex(id), file.toString());
            if (run.exitCode() != 0) {
                if (run.output().contains("not found")) {
                    return null;
                }
                throw new AssertionError("borg get-obj exited " + run.exitCode() + ": " + run.output());
            }
            byte[] data = Files.readAllBytes(file);
            Files.delete(file);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteObjects(Path repo, byte[]... ids) {
        List<String> args = new ArrayList<>(List.of("debug", "delete-obj", repo.toString()));
        for (byte[] id : ids) {
            args.add(hex(id));
        }
        ok(args.toArray(String[]::new));
    }

    Run checkRepositoryOnly(Path repo) {
        return run("check", "--repository-only", repo.toString());
    }

    static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
