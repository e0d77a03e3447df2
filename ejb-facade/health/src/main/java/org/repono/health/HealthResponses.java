package org.repono.health;

import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A status report as a health check's response; a failing facade makes the check DOWN with the reason. */
final class HealthResponses {

    private HealthResponses() {
    }

    static HealthCheckResponse of(String name, Supplier<StatusReport> report) {
        StatusReport status;
        try {
            status = report.get();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(name).down().withData("error", String.valueOf(e)).build();
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name).status(status.up());
        status.data().forEach((key, value) -> {
            if (value instanceof Long number) {
                response.withData(key, number);
            } else if (value instanceof Boolean flag) {
                response.withData(key, flag);
            } else {
                response.withData(key, (String) value);
            }
        });
        return response.build();
    }
}
