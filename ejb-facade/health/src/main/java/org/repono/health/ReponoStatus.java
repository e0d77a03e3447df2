package org.repono.health;

/** Implemented by the facade (an EJB) and called by the health checks, without a user. */
public interface ReponoStatus {

    /** JNDI name of the facade's implementation, as the health checks look it up. */
    String LOOKUP = "java:app/repono-facade/StatusService!org.repono.health.ReponoStatus";

    /**
     * Whether every repository can serve requests now: open (replay done, index loaded), this server holding its
     * lock, free disk space above the minimum, last check not failed; with the figures per repository.
     */
    StatusReport readiness();

    /** Whether no repository's engine is in a failed state (one that only a restart mends). */
    StatusReport liveness();

    /** Whether every repository has finished opening (replaying its log), or failed to. */
    StatusReport startup();
}
