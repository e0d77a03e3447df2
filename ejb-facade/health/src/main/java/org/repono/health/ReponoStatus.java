package org.repono.health;

/** Implemented by the facade (an EJB) and called by the health checks. */
public interface ReponoStatus {

    /** JNDI name of the facade's implementation, as the health checks look it up. */
    String LOOKUP = "java:app/repono-facade/StatusService!org.repono.health.ReponoStatus";

    /** Whether Repono can serve requests now, with what the readiness check should show. */
    StatusReport status();
}
