package org.repono.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** "repono" in /health/ready: UP when every repository can serve requests; the figures per repository. */
@Readiness
@ApplicationScoped
public class ReponoReadinessCheck implements HealthCheck {

    static final String NAME = "repono";

    @EJB(lookup = ReponoStatus.LOOKUP)
    ReponoStatus status;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(NAME, () -> status.readiness());
    }
}
