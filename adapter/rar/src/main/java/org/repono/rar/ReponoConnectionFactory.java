package org.repono.rar;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryUnavailableException;

/** What the server binds in JNDI for a connection definition; asks the server's pool for connections. */
public class ReponoConnectionFactory implements RepositoryConnectionFactory, Serializable, Referenceable {

    private static final long serialVersionUID = 1L;

    private final ReponoManagedConnectionFactory factory;
    private final ConnectionManager connections;
    private Reference reference;

    ReponoConnectionFactory(ReponoManagedConnectionFactory factory, ConnectionManager connections) {
        this.factory = factory;
        this.connections = connections;
    }

    @Override
    public RepositoryConnection getConnection() {
        try {
            return (RepositoryConnection) connections.allocateConnection(factory, null);
        } catch (ResourceException e) {
            throw new RepositoryUnavailableException(
                    "no connection to the repository at " + factory.getRepositoryPath() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String repositoryName() {
        String path = factory.getRepositoryPath();
        return path == null ? null : java.nio.file.Path.of(path).getFileName().toString();
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
