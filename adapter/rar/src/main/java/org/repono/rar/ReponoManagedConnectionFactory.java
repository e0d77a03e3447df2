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
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import org.repono.api.RepositoryFailure;
import org.repono.api.RepositoryLockedException;

/**
 * One per connection definition (one repository). Its JavaBean properties are the definition's config properties
 * (ra.xml); they are checked when the server associates the factory with the resource adapter, at deployment, so
 * that a wrong value fails the deployment with a message naming the property. Physical connections all share the
 * repository's one engine, found in the resource adapter's registry by the folder's real path.
 */
public class ReponoManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ReponoManagedConnectionFactory.class.getName());

    private String repositoryPath;
    private String repositoryName;
    private Boolean createIfMissing = Boolean.TRUE;
    private Boolean appendOnly = Boolean.FALSE;
    private Integer lockWaitSeconds = RepositorySettings.DEFAULT_LOCK_WAIT_SECONDS;
    private Long maxSegmentSize = 0L;
    private Integer segmentsPerDir = 0;
    private Long checkpointBytes = 0L;
    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    // ---- config properties (ra.xml) ------------------------------------------------------------------

    public String getRepositoryPath() {
        return repositoryPath;
    }

    public void setRepositoryPath(String repositoryPath) {
        this.repositoryPath = repositoryPath;
    }

    public String getRepositoryName() {
        return repositoryName;
    }

    public void setRepositoryName(String repositoryName) {
        this.repositoryName = repositoryName;
    }

    public Boolean getCreateIfMissing() {
        return createIfMissing;
    }

    public void setCreateIfMissing(Boolean createIfMissing) {
        this.createIfMissing = createIfMissing;
    }

    public Boolean getAppendOnly() {
        return appendOnly;
    }

    public void setAppendOnly(Boolean appendOnly) {
        this.appendOnly = appendOnly;
    }

    public Integer getLockWaitSeconds() {
        return lockWaitSeconds;
    }

    public void setLockWaitSeconds(Integer lockWaitSeconds) {
        this.lockWaitSeconds = lockWaitSeconds;
    }

    public Long getMaxSegmentSize() {
        return maxSegmentSize;
    }

    public void setMaxSegmentSize(Long maxSegmentSize) {
        this.maxSegmentSize = maxSegmentSize;
    }

    public Integer getSegmentsPerDir() {
        return segmentsPerDir;
    }

    public void setSegmentsPerDir(Integer segmentsPerDir) {
        this.segmentsPerDir = segmentsPerDir;
    }

    public Long getCheckpointBytes() {
        return checkpointBytes;
    }

    public void setCheckpointBytes(Long checkpointBytes) {
        this.checkpointBytes = checkpointBytes;
    }

    /** The properties, checked; the exception names the property that is wrong. */
    RepositorySettings settings() throws InvalidPropertyException {
        return RepositorySettings.of(repositoryPath, repositoryName, createIfMissing, appendOnly, lockWaitSeconds,
                maxSegmentSize, segmentsPerDir, checkpointBytes);
    }

    // ---- factories ------------------------------------------------------------------------------------

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) throws ResourceException {
        settings();
        return new ReponoConnectionFactory(this, connectionManager);
    }

    /** Outside a server (tests, tools): connections are made on demand and never pooled. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        settings();
        return new ReponoConnectionFactory(this, new UnpooledConnectionAllocator());
    }

    /**
     * A physical connection. The repository's engine is opened (or created) now, so that a repository that cannot
     * be used fails here with its reason; only a lock held by someone else is let through, so that an operator can
     * still see the lock's holders and break a stale one through the connection.
     */
    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        SharedRepository repository = OpenRepositories.SERVER.attach(settings(), adapter());
        try {
            repository.engine();
        } catch (RepositoryLockedException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        } catch (RepositoryFailure e) {
            throw new ResourceAllocationException("cannot open repository '" + repository.name() + "' at "
                    + repository.settings.path() + ": " + e.getMessage(), e);
        }
        return new ReponoManagedConnection(this, repository);
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

    private ReponoResourceAdapter adapter() {
        if (resourceAdapter == null) {
            // not managed by a server: a private adapter (its owner stops it to close the engines)
            synchronized (this) {
                if (resourceAdapter == null) {
                    resourceAdapter = new ReponoResourceAdapter();
                }
            }
        }
        return (ReponoResourceAdapter) resourceAdapter;
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

    /** Called by the server at deployment, after the config properties were set: the place to refuse bad ones. */
    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        if (!(resourceAdapter instanceof ReponoResourceAdapter)) {
            throw new ResourceException("Repono's connection factory needs Repono's resource adapter, got " + resourceAdapter);
        }
        settings();
        this.resourceAdapter = resourceAdapter;
    }

    // Jakarta Connectors: two factories with the same configuration are equal (pool matching relies on it)
    @Override
    public boolean equals(Object other) {
        return other instanceof ReponoManagedConnectionFactory that
                && Objects.equals(repositoryPath, that.repositoryPath)
                && Objects.equals(repositoryName, that.repositoryName)
                && Objects.equals(createIfMissing, that.createIfMissing)
                && Objects.equals(appendOnly, that.appendOnly)
                && Objects.equals(lockWaitSeconds, that.lockWaitSeconds)
                && Objects.equals(maxSegmentSize, that.maxSegmentSize)
                && Objects.equals(segmentsPerDir, that.segmentsPerDir)
                && Objects.equals(checkpointBytes, that.checkpointBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repositoryPath, repositoryName, createIfMissing, appendOnly, lockWaitSeconds, maxSegmentSize,
                segmentsPerDir, checkpointBytes);
    }
}
