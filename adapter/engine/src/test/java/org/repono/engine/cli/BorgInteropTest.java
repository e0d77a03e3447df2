package org.repono.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real borg 1.2.4 reads what the CLI wrote, and the CLI reads what borg wrote. */
class BorgInteropTest {
    private static final Path BORG = Path.of("/usr/bin/borg");

    @TempDir
    Path tmp;

    @BeforeEach
    void engineIsBuilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.repono.engine.cli.EngineAvailability.built(),
                "the engine behind Repositories is not built yet");
    }

    /** borg's exit code, stdout and stderr (warnings go to stderr). */
    record Borg(int exit, String output, String errors) {
    }

    private Borg borg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BORG.toString()));
        cmd.addAll(List.of(args));
        Path errFile = Files.createTempFile(tmp, "borg", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errFile.toFile());
        Map<String, String> env = pb.environment();
        env.put("BORG_BASE_DIR", tmp.resolve("borg-base").toString());
        env.put("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_CHECK_I_KNOW_WHAT_I_AM_DOING", "YES");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Borg(exit, out, Files.readString(errFile));
    }

    @Test
    void borgChecksAndReadsACliRepositoryAndTheCliReadsBorgsObjects() throws Exception {
        assumeTrue(Files.isExecutable(BORG), "borg 1.2.4 is installed at /usr/bin/borg");
        Path repo = tmp.resolve("repo");
        assertEquals(0, CliRun.of("init", repo).exitCode());
        Random rnd = new Random(3);
        List<Path> files = new ArrayList<>();
        for (int size : new int[] {0, 10, 4096, 100_000, 2 << 20}) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            Path f = tmp.resolve("f" + size);
            Files.write(f, b);
            files.add(f);
        }
        List<Object> args = new ArrayList<>(List.of("put", repo));
        args.addAll(files);
        CliRun put = CliRun.of(args.toArray());
        assertEquals(0, put.exitCode(), put.toString());
        List<String> ids = put.stdout().lines().map(l -> l.split(" ")[0]).toList();
        assertEquals(0, CliRun.of("delete", repo, ids.get(1)).exitCode());
        assertEquals(0, CliRun.of("compact", "--threshold", "0", repo).exitCode());

        Borg check = borg("check", "--repository-only", repo.toString());
        assertEquals(new Borg(0, "", ""), check, "borg check is silent on a clean repository");
        for (int i : new int[] {0, 2, 3, 4}) {
            Path out = tmp.resolve("borg-out" + i);
            Borg get = borg("debug", "get-obj", repo.toString(), ids.get(i), out.toString());
            assertEquals(0, get.exit(), get.toString());
            assertArrayEquals(Files.readAllBytes(files.get(i)), Files.readAllBytes(out), "object " + i);
        }
        Borg gone = borg("debug", "get-obj", repo.toString(), ids.get(1), tmp.resolve("x").toString());
        assertEquals(new Borg(2, "object " + ids.get(1) + " not found.\n", ""), gone, "borg finds no deleted object");

        Path extra = tmp.resolve("from-borg");
        byte[] b = new byte[5000];
        rnd.nextBytes(b);
        Files.write(extra, b);
        String extraId = CliEndToEndTest.sha256(b);
        Borg putObj = borg("debug", "put-obj", repo.toString(), extraId, extra.toString());
        assertEquals(new Borg(0, "object " + extraId + " put.\n", ""), putObj, "borg writes without a warning");
        Set<String> listed = new HashSet<>(CliRun.of("list", repo).stdout().lines().toList());
        assertEquals(Set.of(ids.get(0), ids.get(2), ids.get(3), ids.get(4), extraId), listed);
        CliRun get = CliRun.of("get", repo, extraId, "-");
        assertEquals(0, get.exitCode(), get.toString());
        assertArrayEquals(b, get.stdoutBytes());
        assertEquals(0, CliRun.of("check", repo).exitCode());
    }
}
