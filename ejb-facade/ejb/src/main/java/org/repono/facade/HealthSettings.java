package org.repono.facade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The readiness check's settings: the free disk space a repository's file system must keep. From
 * {@code $REPONO_HOME/health.properties} ({@code minFreeDiskBytes=...}, or {@code minFreeDiskBytes.<repository>=...}
 * for one repository), read at every check so that a change needs no restart; else the system property
 * {@code repono.health.minFreeDiskBytes}; else {@value #DEFAULT_MIN_FREE_DISK_BYTES} bytes.
 */
public final class HealthSettings {

    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100_000_000L;
    public static final String FILE = "health.properties";
    static final String KEY = "minFreeDiskBytes";

    private static final Logger LOG = Logger.getLogger(HealthSettings.class.getName());

    private final Properties properties;

    private HealthSettings(Properties properties) {
        this.properties = properties;
    }

    /** The settings now in force. */
    public static HealthSettings current() {
        Properties properties = new Properties();
        String home = System.getProperty("repono.home");
        if (home != null && !home.isBlank()) {
            read(Path.of(home, FILE), properties);
        }
        return new HealthSettings(properties);
    }

    static HealthSettings of(Properties properties) {
        return new HealthSettings(properties);
    }

    public long minFreeDiskBytes(String repository) {
        String value = properties.getProperty(KEY + "." + repository, properties.getProperty(KEY));
        if (value == null) {
            value = System.getProperty("repono.health." + KEY);
        }
        if (value == null) {
            return DEFAULT_MIN_FREE_DISK_BYTES;
        }
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // falls through to the warning
        }
        LOG.warning(KEY + " '" + value + "' is not a number of bytes: using " + DEFAULT_MIN_FREE_DISK_BYTES);
        return DEFAULT_MIN_FREE_DISK_BYTES;
    }

    private static void read(Path file, Properties into) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            into.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot read " + file + ": defaults apply", e);
        }
    }
}
