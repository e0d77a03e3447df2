package org.repono.engine.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set from /proc/self/status (Linux): VmHWM is the peak, as ru_maxrss for borg. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set so far in MiB, or NaN where /proc is not there. */
    public static double peakRssMib() {
        return field("VmHWM:");
    }

    static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the figure is simply missing from the line
        }
        return Double.NaN;
    }
}
