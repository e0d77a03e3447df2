package org.repono.api;

/**
 * What applications inject: {@code @Resource(lookup = "java:/repono/default") RepositoryConnectionFactory repo;}.
 * Each connection joins the caller's JTA transaction when there is one.
 */
public interface RepositoryConnectionFactory extends java.io.Serializable {

    /** A connection handle; close it (try-with-resources) to give it back to the pool. */
    RepositoryConnection getConnection();

    /** The repository's name as configured (e.g. "default"). */
    String repositoryName();
}
