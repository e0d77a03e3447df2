package org.repono.api;

/** Bound in JNDI by the application server (e.g. {@code java:/eis/repono/default}), one per repository. */
public interface RepositoryConnectionFactory {

    /**
     * A connection to this factory's repository; close it when done (try-with-resources).
     *
     * @throws RepositoryUnavailableException when the server cannot hand out a connection
     */
    RepositoryConnection getConnection();
}
