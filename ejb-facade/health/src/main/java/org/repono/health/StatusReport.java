package org.repono.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Repono's state as a health check shows it.
 *
 * @param up   whether the check is UP
 * @param data what the health endpoint shows beside the status: String, Long or Boolean values (what
 *             MicroProfile Health takes), e.g. {@code default.freeDiskBytes}
 */
public record StatusReport(boolean up, Map<String, Object> data) {

    public StatusReport {
        Objects.requireNonNull(data, "data");
        Map<String, Object> copy = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            Objects.requireNonNull(key, "key");
            if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
                throw new IllegalArgumentException("health data '" + key + "' must be a String, Long or Boolean, not "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            copy.put(key, value);
        });
        data = java.util.Collections.unmodifiableMap(copy);
    }
}
