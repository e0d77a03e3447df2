package org.repono.it.rar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real borg 1.2.4 as a peer: own BORG_BASE_DIR, never prompting, its output read as well as its exit code. */
final class Borg {

    private final Path base;

    Borg(Path base) {
        this.base = base;
    }

    /** borg check --repository-only passes with nothing to say (rc 0 alone is not enough). */
    void checkClean(Path repository) throws IOException, InterruptedException {
        String[] result = run("check", "--repository-only", repository.toString());
        if (!result[0].equals("0") || !result[1].isBlank()) {
            throw new AssertionError("borg check --repository-only " + repository + " rc " + result[0] + ":\n" + result[1]);
        }
    }

    /** The object's bytes as borg reads them, or null when borg says it does not exist. */
    byte[] get(Path repository, String idHex) throws IOException, InterruptedException {
        Path out = base.resolve("obj-" + idHex);
        Files.deleteIfExists(out);
        String[] result = run("debug", "get-obj", repository.toString(), idHex, out.toString());
        if (!result[0].equals("0")) {
            if (result[1].contains("not found")) {
                return null;
            }
            throw new AssertionError("borg debug get-obj rc " + result[0] + ": " + result[1]);
        }
        byte[] data = Files.readAllBytes(out);
        Files.delete(out);
        return data;
    }

    private String[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/borg");
        command.addAll(List.of(args));
        Files.createDirectories(base);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("BORG_BASE_DIR", base.toString());
        env.put("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
        env.put("BORG_CHECK_I_KNOW_WHAT_I_AM_DOING", "YES");
        env.put("LANG", "C.UTF-8");
        env.remove("BORG_HOST_ID");
        Path out = Files.createTempFile(base, "borg-out", ".txt");
        builder.redirectOutput(out.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = builder.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("borg did not finish in 600 s: " + command);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new String[] {String.valueOf(p.exitValue()), text};
    }
}
