package org.repono.engine.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * borg 1.2.4's own Python {@code Repository} class, driven by a small script, for what its CLI can only do one
 * object per process: many PUTs/DELETEs in one transaction (segments with many entries), and reading many
 * objects back in one go (the same code path as {@code borg debug get-obj}).
 */
final class BorgLibrary {
    private static final String SCRIPT = """
            import sys, os, hashlib
            from borg.logger import setup_logging
            setup_logging(level='warning')
            from borg.repository import Repository
            cmd, repo = sys.argv[1], sys.argv[2]
            if cmd == 'apply':
                # one transaction: lines "put <hex> <file>" or "delete <hex>"
                with Repository(repo, exclusive=True) as r:
                    with open(sys.argv[3]) as plan:
                        for line in plan:
                            parts = line.split()
                            key = bytes.fromhex(parts[1])
                            if parts[0] == 'put':
                                with open(parts[2], 'rb') as f:
                                    r.put(key, f.read())
                            else:
                                r.delete(key)
                    r.commit(compact=False)
            elif cmd == 'recover':
                # borg's own LoggedIO.recover_segment on one segment file
                from borg.repository import LoggedIO
                io = LoggedIO(repo, 524288000, int(sys.argv[3]))
                io.recover_segment(int(sys.argv[4]), sys.argv[5])
                io.close()
            elif cmd == 'get':
                with Repository(repo, exclusive=False) as r:
                    for h in sys.stdin.read().split():
                        try:
                            data = r.get(bytes.fromhex(h))
                            print(h, hashlib.sha256(data).hexdigest())
                        except Repository.ObjectNotFound:
                            print(h, 'missing')
                        except Exception as e:
                            print(h, 'error', type(e).__name__, str(e).replace('\\n', ' '))
            """;

    private final Path baseDir;
    private final Path script;

    BorgLibrary(Path baseDir) {
        this.baseDir = baseDir;
        try {
            Files.createDirectories(baseDir);
            this.script = baseDir.resolve("borg_objects.py");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One transaction of puts (data != null) and deletes (data == null), in the map's order. */
    void apply(Path repo, LinkedHashMap<String, byte[]> changes) {
        try {
            Path dir = Files.createTempDirectory(baseDir, "txn");
            StringBuilder plan = new StringBuilder();
            int n = 0;
            for (Map.Entry<String, byte[]> e : changes.entrySet()) {
                if (e.getValue() == null) {
                    plan.append("delete ").append(e.getKey()).append('\n');
                } else {
                    Path file = dir.resolve("obj" + n++);
                    Files.write(file, e.getValue());
                    plan.append("put ").append(e.getKey()).append(' ').append(file).append('\n');
                }
            }
            Path planFile = dir.resolve("plan");
            Files.writeString(planFile, plan);
            String out = run(null, "apply", repo.toString(), planFile.toString());
            if (!out.isBlank()) {
                throw new AssertionError("borg library printed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** hex id → sha256 hex of the data, "missing", or "error ..." as borg's Repository.get answers. */
    Map<String, String> get(Path repo, List<String> ids) {
        String out = run(String.join("\n", ids), "get", repo.toString());
        Map<String, String> result = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space != 64) {
                throw new AssertionError("unexpected output of the borg library: " + out);
            }
            result.put(line.substring(0, space), line.substring(space + 1));
        }
        return result;
    }

    /** Lets borg 1.2.4's {@code LoggedIO.recover_segment} rewrite one segment file in place. */
    void recoverSegment(Path repo, int segmentsPerDir, long segment, Path file) {
        String out = run(null, "recover", repo.toString(), Integer.toString(segmentsPerDir), Long.toString(segment),
                file.toString());
        if (!out.isBlank()) {
            throw new AssertionError("borg recover_segment printed: " + out);
        }
    }

    private String run(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BORG_BASE_DIR", baseDir.toString());
        try {
            Process p = builder.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("borg library script did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("borg library script exited " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
