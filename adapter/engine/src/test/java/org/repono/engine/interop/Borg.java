package org.repono.engine.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.repono.engine.format.BorgPeer;

/**
 * The real borg 1.2.4 as the engine's peer: isolated state (BORG_BASE_DIR), never prompting, output read
 * (stdout and stderr merged) as well as the exit code (FORMAT §9).
 */
final class Borg {
    record Result(int exitCode, String output) {
        Result requireOk(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (rc " + exitCode + "): " + output);
            }
            return this;
        }
    }

    private final Path base;

    Borg(Path base) {
        this.base = base;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/borg"));
    }

    /**
     * borg's own Repository class (its Python library, one process) lists every id and reads each object: returns
     * id hex → sha256 hex of the data as borg reads it.
     */
    Map<String, String> readAll(Path repo) {
        String script = String.join("\n",
                "import sys, hashlib",
                "from borg.logger import setup_logging",
                "setup_logging(level='warning')",
                "from borg.repository import Repository",
                "with Repository(sys.argv[1], exclusive=True) as r:",
                "    ids, marker = [], None",
                "    while True:",
                "        page = r.list(limit=1000, marker=marker)",
                "        if not page: break",
                "        ids += page; marker = page[-1]",
                "    for i in ids:",
                "        print(i.hex(), hashlib.sha256(r.get(i)).hexdigest())",
                "");
        Result r = exec(List.of("/usr/bin/python3", "-c", script, repo.toString())).requireOk("borg library read");
        Map<String, String> out = new java.util.TreeMap<>();
        for (String line : r.output().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2 && parts[0].length() == 64) {
                out.put(parts[0], parts[1]);
            } else if (!line.isBlank()) {
                throw new AssertionError("unexpected output of borg's library: " + r.output());
            }
        }
        return out;
    }

    Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/borg");
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    private Result exec(List<String> cmd) {
        BorgPeer.Result r = BorgPeer.run(base, null, cmd, null, Map.of());
        return new Result(r.exitCode(), r.output());
    }

    /** borg check --repository-only must pass with no output at all (no count mismatch, no ID: lines). */
    void checkClean(Path repo) {
        Result r = run("check", "--repository-only", repo.toString());
        if (r.exitCode() != 0 || !r.output().isBlank()) {
            throw new AssertionError("borg check --repository-only " + repo + " rc " + r.exitCode() + ":\n" + r.output());
        }
    }

    /** The object's data as borg reads it, or null when borg says it is not found. */
    byte[] get(Path repo, byte[] id) {
        try {
            Path out = Files.createTempFile(base, "obj", ".bin");
            Files.delete(out);
            Result r = run("debug", "get-obj", repo.toString(), hex(id), out.toString());
            if (r.exitCode() != 0) {
                if (r.output().contains("not found")) {
                    return null;
                }
                throw new AssertionError("borg debug get-obj failed (rc " + r.exitCode() + "): " + r.output());
            }
            byte[] data = Files.readAllBytes(out);
            Files.delete(out);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void put(Path repo, byte[] id, byte[] data) {
        try {
            Path in = Files.createTempFile(base, "obj", ".bin");
            Files.write(in, data);
            run("debug", "put-obj", repo.toString(), hex(id), in.toString()).requireOk("borg debug put-obj");
            Files.delete(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(Path repo, byte[]... ids) {
        List<String> args = new ArrayList<>(List.of("debug", "delete-obj", repo.toString()));
        for (byte[] id : ids) {
            args.add(hex(id));
        }
        Result r = run(args.toArray(new String[0])).requireOk("borg debug delete-obj");
        if (r.output().contains("not found")) {
            throw new AssertionError("borg debug delete-obj did not find an object: " + r.output());
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
