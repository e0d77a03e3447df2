package org.repono.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on real repositories in temporary folders: what an operator does, and what goes wrong. */
class CliEndToEndTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    @BeforeEach
    void engineIsBuilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.repono.engine.cli.EngineAvailability.built(),
                "the engine behind Repositories is not built yet");
    }

    static String sha256(byte[] b) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    static CliRun ok(Object... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), r.toString());
        return r;
    }

    static void assertError(CliRun r, int exit, String... mentions) {
        assertEquals(exit, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine(), "one line on stderr: " + r);
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r);
        for (String m : mentions) {
            assertTrue(r.stderr().contains(m), "stderr names '" + m + "': " + r);
        }
    }

    /** Every file below dir with its size and modification time: to show a refused command changed nothing. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis() + "#"
                        + HEX.formatHex(Files.readAllBytes(p), 0, (int) Math.min(64, Files.size(p))));
            }
        }
        return m;
    }

    private Map<Path, byte[]> folderOfFiles() throws IOException {
        Path in = Files.createDirectory(tmp.resolve("in"));
        Random rnd = new Random(11);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        int[] sizes = {0, 1, 100, 4095, 4096, 4097, 65536, 1 << 20, (3 << 20) + 5};
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = new byte[sizes[i]];
            rnd.nextBytes(b);
            Path f = in.resolve("file" + i);
            Files.write(f, b);
            files.put(f, b);
        }
        return files;
    }

    @Test
    void initPutListGetDeleteCompactInfoCheck() throws Exception {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        assertTrue(Files.isRegularFile(repo.resolve("config")) && Files.isDirectory(repo.resolve("data")));
        String info0 = ok("info", repo).stdout();
        assertEquals(0, field(info0, "objects"), info0);

        Map<Path, byte[]> files = folderOfFiles();
        List<Object> args = new ArrayList<>(List.of("put", repo));
        args.addAll(files.keySet());
        CliRun put = ok(args.toArray());
        List<String> lines = put.stdout().lines().toList();
        assertEquals(files.size(), lines.size(), put.toString());
        List<String> ids = new ArrayList<>();
        int k = 0;
        for (Map.Entry<Path, byte[]> e : files.entrySet()) {
            String id = sha256(e.getValue());
            assertEquals(id + " " + e.getKey(), lines.get(k++), "the id is the sha256 of the file's bytes");
            ids.add(id);
        }

        List<String> listed = ok("list", repo).stdout().lines().toList();
        assertEquals(ids.size(), listed.size(), "each id once");
        assertEquals(new HashSet<>(ids), new HashSet<>(listed));

        k = 0;
        for (byte[] content : files.values()) {
            Path out = tmp.resolve("out" + k);
            ok("get", repo, ids.get(k), out);
            assertArrayEquals(content, Files.readAllBytes(out), "get returns the bytes put, object " + k);
            k++;
        }
        CliRun toStdout = ok("get", repo, ids.get(7), "-");
        assertArrayEquals(files.values().toArray(new byte[0][])[7], toStdout.stdoutBytes());

        String before = ok("info", repo).stdout();
        assertEquals(ids.size(), field(before, "objects"), before);
        ok("delete", repo, ids.get(7), ids.get(8));
        Set<String> left = new HashSet<>(ok("list", repo).stdout().lines().toList());
        assertEquals(new HashSet<>(ids.subList(0, 7)), left);
        Path gone = tmp.resolve("gone");
        assertError(CliRun.of("get", repo, ids.get(8), gone), ExitCode.ERROR, ids.get(8), "not found");
        assertFalse(Files.exists(gone), "a failed get leaves no file");

        String deleted = ok("info", repo).stdout();
        assertTrue(field(deleted, "freeable_bytes") >= (1 << 20) + (3 << 20), deleted);
        CliRun compact = ok("compact", "--threshold", "0", repo);
        assertTrue(compact.stdout().startsWith("compact: "), compact.toString());
        String after = ok("info", repo).stdout();
        assertEquals(7, field(after, "objects"), after);
        assertTrue(field(after, "segment_bytes") <= field(deleted, "segment_bytes") - 4194309, "compact frees at least the deleted data: " + after);
        assertTrue(field(after, "transaction_id") > field(deleted, "transaction_id"), after);
        assertTrue(after.contains("\"append_only\": false"), after);
        assertTrue(after.contains("\"index_checkpoint_transaction\": "), after);

        CliRun check = ok("check", repo);
        assertTrue(check.stdout().startsWith("check: no problems;"), check.toString());
        CliRun json = ok("check", "--json", repo);
        assertTrue(json.stdout().startsWith("{\"clean\": true, \"repair\": false,"), json.toString());
        assertEquals(7, field(json.stdout(), "objects"));
        k = 0;
        for (byte[] content : files.values()) {
            if (k < 7) {
                ok("get", repo, ids.get(k), tmp.resolve("again"));
                assertArrayEquals(content, Files.readAllBytes(tmp.resolve("again")), "after compact, object " + k);
            }
            k++;
        }
    }

    @Test
    void deleteOfAMissingIdDeletesNothing() throws Exception {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        Map<Path, byte[]> files = folderOfFiles();
        Path first = files.keySet().iterator().next();
        String id = ok("put", repo, first).stdout().split(" ")[0];
        Map<String, String> before = snapshot(repo);
        String missing = "0".repeat(63) + "1";
        assertError(CliRun.of("delete", repo, id, missing), ExitCode.ERROR, missing);
        assertEquals(List.of(id), ok("list", repo).stdout().lines().toList());
        assertEquals(before.keySet().stream().filter(n -> n.startsWith("data")).toList(),
                snapshot(repo).keySet().stream().filter(n -> n.startsWith("data")).toList());
    }

    @Test
    void putNamesEachFileAsTypedAndStoresDuplicatesOnce() throws Exception {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        Map<Path, byte[]> files = folderOfFiles();
        Path f = files.keySet().stream().skip(2).findFirst().orElseThrow();
        String typed = f.getParent() + "//./" + f.getFileName();
        String id = sha256(files.get(f));
        CliRun put = ok("put", repo, typed, f);
        assertEquals(id + " " + typed + "\n" + id + " " + f + "\n", put.stdout());
        assertEquals(List.of(id), ok("list", repo).stdout().lines().toList());
    }

    @Test
    void aMissingRepositoryIsNamed() throws IOException {
        Path nothing = tmp.resolve("nothing-here");
        for (String c : List.of("list", "info", "check", "compact")) {
            assertError(CliRun.of(c, nothing), ExitCode.ERROR, nothing.toString());
        }
        assertError(CliRun.of("get", nothing, "ab".repeat(32), tmp.resolve("o")), ExitCode.ERROR, nothing.toString());
        assertFalse(Files.exists(nothing), "nothing was created");
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void aFolderThatIsNoRepositoryIsRefusedAndLeftAlone() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("plain"));
        Files.writeString(folder.resolve("notes.txt"), "not a repository\n");
        Map<String, String> before = snapshot(folder);
        for (String c : List.of("list", "info", "check", "compact")) {
            assertError(CliRun.of(c, folder), ExitCode.ERROR, folder.toString());
        }
        assertError(CliRun.of("init", folder), ExitCode.ERROR, folder.toString());
        assertEquals(before, snapshot(folder));
    }

    @Test
    void initRefusesAnExistingRepositoryAndChangesNothing() throws IOException {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        Map<String, String> before = snapshot(repo);
        assertError(CliRun.of("init", repo), ExitCode.ERROR, repo.toString());
        assertEquals(before, snapshot(repo));
    }

    @Test
    void initWritesTheOptionsIntoTheConfig() throws IOException {
        Path repo = tmp.resolve("repo");
        ok("init", "--append-only", "--max-segment-size", "1M", "--segments-per-dir", "7", "--storage-quota", "20M",
                repo);
        String config = Files.readString(repo.resolve("config"));
        assertTrue(config.matches("(?s).*append_only = 1\\b.*"), config);
        assertTrue(config.matches("(?s).*max_segment_size = 1000000\\b.*"), config);
        assertTrue(config.matches("(?s).*segments_per_dir = 7\\b.*"), config);
        assertTrue(config.matches("(?s).*storage_quota = 20000000\\b.*"), config);
        String info = ok("info", repo).stdout();
        assertTrue(info.contains("\"append_only\": true"), info);
        assertEquals(20_000_000, field(info, "storage_quota"), info);
    }

    /** Invariant 1 (an object is visible only after its COMMIT): a damaged segment is found, repaired, and the rest survives. */
    @Test
    void checkFindsAFlippedBitAndRepairMendsIt() throws Exception {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        Map<Path, byte[]> files = folderOfFiles();
        List<Object> args = new ArrayList<>(List.of("put", repo));
        args.addAll(files.keySet());
        List<String> ids = ok(args.toArray()).stdout().lines().map(l -> l.split(" ")[0]).toList();
        Path largest;
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            largest = s.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(),
                    b.toFile().length())).orElseThrow();
        }
        byte[] raw = Files.readAllBytes(largest);
        raw[raw.length / 2] ^= 0x08;
        Files.write(largest, raw);

        CliRun check = CliRun.of("check", repo);
        assertError(check, ExitCode.PROBLEMS_FOUND, "problem");
        CliRun json = CliRun.of("check", "--json", repo);
        assertEquals(ExitCode.PROBLEMS_FOUND, json.exitCode(), json.toString());
        assertTrue(json.stdout().startsWith("{\"clean\": false,") && json.stdout().contains("\"kind\": "), json.toString());

        CliRun repair = CliRun.of("check", "--repair", repo);
        assertEquals(0, repair.exitCode(), repair.toString());
        assertTrue(repair.stdout().contains("repaired"), repair.toString());
        ok("check", repo);
        Set<String> listed = new HashSet<>(ok("list", repo).stdout().lines().toList());
        assertTrue(listed.size() < ids.size(), "the damaged object is gone: " + listed.size());
        for (String id : listed) {
            ok("get", repo, id, tmp.resolve("back"));
            assertEquals(id, sha256(Files.readAllBytes(tmp.resolve("back"))), "a surviving object reads back intact");
        }
    }

    @Test
    void breakLockRemovesAStaleLock() throws IOException {
        Path repo = tmp.resolve("repo");
        ok("init", repo);
        Path stale = Files.createDirectories(repo.resolve("lock.exclusive"));
        Files.createFile(stale.resolve("otherhost@1.12345-0"));
        Files.writeString(repo.resolve("lock.roster"), "{\"exclusive\": [[\"otherhost@1\", 12345, 0]]}");
        assertError(CliRun.of("--lock-wait", "0.2", "list", repo), ExitCode.ERROR);
        ok("break-lock", repo);
        assertFalse(Files.exists(repo.resolve("lock.exclusive")));
        assertFalse(Files.exists(repo.resolve("lock.roster")));
        ok("list", repo);
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun r = CliRun.of("--debug", "list", tmp.resolve("nothing-here"));
        assertEquals(ExitCode.ERROR, r.exitCode());
        assertTrue(r.stderr().contains("\tat "), r.toString());
        assertTrue(r.stderr().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("repono: "), r.toString());
    }
}
