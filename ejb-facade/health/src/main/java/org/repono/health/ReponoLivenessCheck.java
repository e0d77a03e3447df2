package org.repono.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** "repono-live" in /health/live: DOWN when a repository's engine failed (a restart is what mends it). */
@Liveness
@ApplicationScoped
public class ReponoLivenessCheck implements HealthCheck {

    static final String NAME = "repono-live";

    @EJB(lookup = ReponoStatus.LOOKUP)
    ReponoStatus status;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(NAME, () -> status.liveness());
    }
}
