package org.repono.engine.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.cli.ReponoCommand;

/** The whole benchmark at a tiny scale: a child JVM per workload, one well-formed line per workload. */
class BenchmarkRunTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void engineIsBuilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.repono.engine.cli.EngineAvailability.built(),
                "the engine behind Repositories is not built yet");
    }

    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void everyWorkloadPrintsItsLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ReponoCommand(new PrintStream(out, true), new PrintStream(err, true))
                .execute("benchmark", "--scale", "0.0005", "--dir", tmp.toString(), "--warm", "--run", "2",
                        "--jvm-option=-Xmx256m");
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, stdout + err.toString(StandardCharsets.UTF_8));
        List<String> lines = stdout.lines().toList();
        List<String> expected = List.of("put_large", "check", "put_small", "get_random", "get_random_warm",
                "list_all", "delete_half", "compact", "commit_small_tx", "put_tiny", "commit_small_tx_large",
                "open_large_index", "commit_concurrent", "commit_concurrent", "commit_concurrent");
        assertEquals(expected.size(), lines.size(), stdout);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            assertTrue(l.startsWith("{\"workload\": \"" + expected.get(i) + "\", \"impl\": \"repono\", \"ops\": "), l);
            assertTrue(l.endsWith("\"scale\": 0.0005, \"run\": 2}"), l);
            assertTrue(l.matches(".*\"peak_rss_mb\": [0-9.]+, .*\"jvm_idle_rss_mb\": [0-9.]+, .*"), l);
        }
        assertEquals(100, field(lines.get(2), "ops"), "put_small: round(200000 x 0.0005)");
        assertEquals(409600, field(lines.get(2), "bytes"));
        assertEquals(100, field(lines.get(5), "ops"), "list_all lists every put_small object");
        assertEquals(50, field(lines.get(6), "ops"), "delete_half deletes the even ones");
        assertEquals(50, field(lines.get(7), "ops"), "compact leaves half");
        assertEquals(524, field(lines.get(10), "keys"), "put_tiny: round(1048576 x 0.0005)");
        assertEquals(List.of(1L, 8L, 32L), lines.subList(12, 15).stream().map(l -> field(l, "threads")).toList());
        assertEquals(32, field(lines.get(14), "ops"), "at least one commit per thread");
        assertTrue(lines.get(1).contains("\"cache\": \"warm\""), lines.get(1));
        assertTrue(Files.notExists(tmp.resolve("put_small")), "repositories removed without --keep");
    }
}
