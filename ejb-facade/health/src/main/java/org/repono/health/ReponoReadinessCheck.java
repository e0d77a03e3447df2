package org.repono.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** "repono" in /health/ready: UP when the facade reaches the default repository. */
@Readiness
@ApplicationScoped
public class ReponoReadinessCheck implements HealthCheck {

    static final String NAME = "repono";

    @EJB(lookup = ReponoStatus.LOOKUP)
    ReponoStatus status;

    @Override
    public HealthCheckResponse call() {
        StatusReport report;
        try {
            report = status.status();
        } catch (RuntimeException e) {
            // a failing facade means "not ready", with the reason where an operator looks first
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e)).build();
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(report.ready());
        report.data().forEach(response::withData);
        return response.build();
    }
}
