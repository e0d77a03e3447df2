package org.repono.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** "repono-started" in /health/started: UP once every repository finished opening (its log replayed). */
@Startup
@ApplicationScoped
public class ReponoStartupCheck implements HealthCheck {

    static final String NAME = "repono-started";

    @EJB(lookup = ReponoStatus.LOOKUP)
    ReponoStatus status;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(NAME, () -> status.startup());
    }
}
