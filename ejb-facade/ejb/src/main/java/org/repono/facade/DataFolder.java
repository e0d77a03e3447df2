package org.repono.facade;

import java.nio.file.Path;

/**
 * Where the facade keeps what must outlive the server process (job history, schedules):
 * {@code ${jboss.server.data.dir}/repono}. ear/run.sh points the server's data folder into REPONO_HOME.
 */
public final class DataFolder {

    private DataFolder() {
    }

    public static Path root() {
        String server = System.getProperty("jboss.server.data.dir");
        if (server != null && !server.isBlank()) {
            return Path.of(server, "repono");
        }
        String home = System.getProperty("repono.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "server", "repono");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "repono");
    }

    public static Path jobs() {
        return root().resolve("jobs");
    }

    public static Path schedules() {
        return root().resolve("schedules");
    }
}
