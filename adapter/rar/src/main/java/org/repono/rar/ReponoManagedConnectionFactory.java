package org.repono.rar;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * One per connection definition (one repository): configured by the server with the repository's
 * folder ({@code RepositoryPath}), makes the physical connections and the factory applications see.
 */
public class ReponoManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private String repositoryPath;
    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    public String getRepositoryPath() {
        return repositoryPath;
    }

    public void setRepositoryPath(String repositoryPath) {
        this.repositoryPath = repositoryPath;
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new ReponoConnectionFactory(this, connectionManager);
    }

    /** Outside a server (tests, tools): connections are made on demand and never pooled. */
    @Override
    public Object createConnectionFactory() {
        return new ReponoConnectionFactory(this, new UnpooledConnectionAllocator());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        Path folder = repositoryFolder();
        try {
            // the real adapter creates a borg repository here (Repositories.create) when it is missing
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ResourceAllocationException("cannot create the repository folder " + folder + ": " + e, e);
        }
        return new ReponoManagedConnection(this, folder);
    }

    /** The configured RepositoryPath, checked: it must be an absolute path. */
    Path repositoryFolder() throws InvalidPropertyException {
        if (repositoryPath == null || repositoryPath.isBlank()) {
            throw new InvalidPropertyException("RepositoryPath is not set: give the repository folder's absolute path");
        }
        Path folder;
        try {
            folder = Path.of(repositoryPath);
        } catch (InvalidPathException e) {
            throw new InvalidPropertyException("RepositoryPath '" + repositoryPath + "' is not a valid path: " + e.getMessage());
        }
        if (!folder.isAbsolute()) {
            throw new InvalidPropertyException("RepositoryPath '" + repositoryPath + "' must be an absolute path");
        }
        return folder.normalize();
    }

    @Override
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        for (Object candidate : connections) {
            if (candidate instanceof ReponoManagedConnection connection && connection.madeBy(this)) {
                return connection;
            }
        }
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    // Jakarta Connectors: two factories with the same configuration are equal (pool matching relies on it)
    @Override
    public boolean equals(Object other) {
        return other instanceof ReponoManagedConnectionFactory that
                && Objects.equals(repositoryPath, that.repositoryPath);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(repositoryPath);
    }
}
