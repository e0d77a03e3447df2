package org.repono.health;

import java.util.Map;
import java.util.Objects;

/**
 * Repono's state as a health check shows it.
 *
 * @param ready whether requests can be served
 * @param data  what the health endpoint shows beside the status (e.g. the default repository's folder)
 */
public record StatusReport(boolean ready, Map<String, String> data) {

    public StatusReport {
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }
}
