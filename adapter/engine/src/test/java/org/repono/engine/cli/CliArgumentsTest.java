package org.repono.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument checking: every bad input ends with exit 2 and one line naming it, before any repository is touched. */
class CliArgumentsTest {
    private static final String ID = "ab".repeat(32);

    @TempDir
    Path tmp;

    private void assertRefused(CliRun r, String... mentions) throws IOException {
        assertEquals(ExitCode.ERROR, r.exitCode(), r.toString());
        assertTrue(r.oneErrorLine(), r.toString());
        assertFalse(r.stderr().contains("\tat "), "no stack trace without --debug: " + r);
        for (String m : mentions) {
            assertTrue(r.stderr().contains(m), "stderr names '" + m + "': " + r);
        }
        assertEquals(0, r.stdoutBytes().length, r.toString());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith("in")).toList(),
                    "nothing was created");
        }
    }

    @Test
    void idsOfTheWrongLengthAreRefusedBeforeTheRepositoryIsOpened() throws IOException {
        Path repo = tmp.resolve("repo");
        assertRefused(CliRun.of("get", repo, "abc", tmp.resolve("out")), "ID", "'abc'", "64 hex digits");
        assertRefused(CliRun.of("get", repo, ID + "0", tmp.resolve("out")), "ID", "65 characters");
        assertRefused(CliRun.of("delete", repo, ID, ID.substring(1)), "ID #2", "63 characters");
    }

    @Test
    void idsWithANonHexCharacterAreRefusedNamingTheCharacter() throws IOException {
        String bad = ID.substring(0, 10) + "g" + ID.substring(11);
        assertRefused(CliRun.of("get", tmp.resolve("repo"), bad, "-"), "character 11", "'g'");
        assertRefused(CliRun.of("delete", tmp.resolve("repo"), ID, ID, bad), "ID #3", "not a hex digit");
    }

    @Test
    void missingAndUnknownArgumentsGiveOneLineAndExitTwo() throws IOException {
        assertRefused(CliRun.of("get", tmp.resolve("repo")), "ID", "OUTFILE", "repono get --help");
        assertRefused(CliRun.of("put", tmp.resolve("repo")), "FILE");
        assertRefused(CliRun.of("frobnicate", tmp.resolve("repo")), "frobnicate");
        assertRefused(CliRun.of("list", "--no-such-option", tmp.resolve("repo")), "--no-such-option");
        assertRefused(CliRun.of(), "no command");
    }

    @Test
    void putRefusesMissingFilesAndFoldersBeforeOpeningTheRepository() throws IOException {
        Files.writeString(tmp.resolve("in-a"), "a");
        assertRefused(CliRun.of("put", tmp.resolve("repo"), tmp.resolve("in-a"), tmp.resolve("in-missing")),
                "in-missing", "no such file");
        Files.createDirectory(tmp.resolve("in-dir"));
        assertRefused(CliRun.of("put", tmp.resolve("repo"), tmp.resolve("in-dir")), "in-dir", "not a regular file");
    }

    @Test
    void putRefusesAFileLargerThanBorgsLargestObject() throws IOException {
        Path big = tmp.resolve("in-big");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), PutCommand.MAX_DATA_SIZE); // sparse: MAX + 1 bytes
        }
        assertRefused(CliRun.of("put", tmp.resolve("repo"), big), "in-big", "20971480 bytes", "20971479");
    }

    @Test
    void initRefusesBadSizesBeforeCreatingAnything() throws IOException {
        Path repo = tmp.resolve("repo");
        assertRefused(CliRun.of("init", "--storage-quota", "9M", repo), "--storage-quota", "10M");
        assertRefused(CliRun.of("init", "--storage-quota", "lots", repo), "--storage-quota", "'lots'");
        assertRefused(CliRun.of("init", "--max-segment-size", "5G", repo), "--max-segment-size", "below");
        assertRefused(CliRun.of("init", "--max-segment-size", "0", repo), "--max-segment-size");
        assertRefused(CliRun.of("init", "--segments-per-dir", "0", repo), "--segments-per-dir");
    }

    @Test
    void compactRefusesABadThresholdBeforeOpeningTheRepository() throws IOException {
        Path repo = tmp.resolve("repo");
        assertRefused(CliRun.of("compact", "--threshold", "10", repo), "--threshold", "10%");
        assertRefused(CliRun.of("compact", "--threshold", "-0.1", repo), "--threshold");
        assertRefused(CliRun.of("compact", "--threshold", "150%", repo), "150%");
        assertRefused(CliRun.of("compact", "--threshold", "ten", repo), "'ten'");
    }

    @Test
    void checkRefusesABadThreadCount() throws IOException {
        assertRefused(CliRun.of("check", "--threads", "0", tmp.resolve("repo")), "--threads");
    }

    @Test
    void lockWaitIsAcceptedBeforeAndAfterTheCommandName() {
        for (String[] args : new String[][] {{"--lock-wait", "7", "list", "r"}, {"list", "--lock-wait", "7", "r"},
                {"list", "r", "--lock-wait=7"}}) {
            ReponoCommand root = new ReponoCommand(System.out, System.err);
            new CommandLine(root).parseArgs(args);
            assertEquals(Duration.ofSeconds(7), root.lockWait(), String.join(" ", args));
            assertTrue(root.options(true).exclusive());
        }
        ReponoCommand root = new ReponoCommand(System.out, System.err);
        new CommandLine(root).parseArgs("list", "r");
        assertEquals(Duration.ofSeconds(1), root.lockWait(), "borg's default");
        assertFalse(root.options(false).exclusive());
    }

    @Test
    void debugIsAcceptedBeforeAndAfterTheCommandName() {
        for (String[] args : new String[][] {{"--debug", "list", "r"}, {"list", "--debug", "r"}}) {
            ReponoCommand root = new ReponoCommand(System.out, System.err);
            new CommandLine(root).parseArgs(args);
            assertTrue(root.debug(), String.join(" ", args));
        }
    }

    @Test
    void versionAndHelpExitZeroOnStdout() {
        CliRun v = CliRun.of("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.stdout().startsWith("repono "), v.toString());
        for (String c : List.of("init", "put", "get", "delete", "list", "info", "check", "compact", "break-lock",
                "benchmark")) {
            CliRun h = CliRun.of(c, "--help");
            assertEquals(0, h.exitCode(), h.toString());
            assertTrue(h.stdout().startsWith("Usage: repono " + c), h.toString());
            assertEquals("", h.stderr());
        }
    }
}
