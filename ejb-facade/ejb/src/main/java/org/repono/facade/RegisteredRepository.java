package org.repono.facade;

import java.util.Objects;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/**
 * A repository the server has: its configured name, where its connection factory is bound, and the factory.
 *
 * @param name     the configured name, as in {@code /api/repositories/{name}}
 * @param jndiName where the server binds its connection factory
 * @param factory  the resource adapter's connection factory
 */
public record RegisteredRepository(String name, String jndiName, RepositoryConnectionFactory factory) {

    public RegisteredRepository {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jndiName, "jndiName");
        Objects.requireNonNull(factory, "factory");
    }

    /** A connection the caller closes; inside the caller's JTA transaction when there is one. */
    public RepositoryConnection connect() {
        return factory.getConnection();
    }
}
