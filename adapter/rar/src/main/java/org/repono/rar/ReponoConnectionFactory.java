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
            // the server wraps our reason (a full pool, a missing repository, a bad setting, a failed repository):
            // say the repository's own failure when there is one (it names the repository and the cause), else the
            // innermost reason
            Throwable reason = e;
            org.repono.api.RepositoryFailure failure = null;
            while (reason.getCause() != null && reason.getCause() != reason) {
                reason = reason.getCause();
                if (failure == null && reason instanceof org.repono.api.RepositoryFailure repositoryFailure) {
                    failure = repositoryFailure;
                }
            }
            String why = String.valueOf(e.getMessage());
            String detail = String.valueOf((failure != null ? failure : reason).getMessage());
            if (reason != e && !why.contains(detail)) {
                why += " (" + detail + ")";
            }
            throw new RepositoryUnavailableException("no connection to the repository at "
                    + factory.getRepositoryPath() + ": " + why, e);
        }
    }

    @Override
    public String repositoryName() {
        try {
            return factory.settings().name();
        } catch (jakarta.resource.spi.InvalidPropertyException e) {
            throw new RepositoryUnavailableException(e.getMessage(), e);
        }
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
