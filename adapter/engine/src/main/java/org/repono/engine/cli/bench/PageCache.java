package org.repono.engine.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Starts a "cold" workload as evict_cache.py does: {@code sync}, then {@code echo 3 > /proc/sys/vm/drop_caches}.
 * Java cannot posix_fadvise, so where drop_caches is not writable the workload runs warm and says so.
 */
public final class PageCache {
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

    private PageCache() {
    }

    /** @return what was done, for the line's {@code cache} field: "drop_caches" or "warm" */
    public static String evict() {
        try {
            Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sync.waitFor();
            try (OutputStream o = Files.newOutputStream(DROP_CACHES, StandardOpenOption.WRITE)) {
                o.write("3\n".getBytes(StandardCharsets.US_ASCII));
            }
            return "drop_caches";
        } catch (IOException e) {
            return "warm";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "warm";
        }
    }
}
