package org.repono.rar;

import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import javax.transaction.xa.XAResource;

/**
 * The adapter's life cycle. The repositories its connection definitions use are held in the archive's registry
 * ({@link OpenRepositories}: one engine per folder per server); {@link #stop()} lets go of them, closing each
 * engine nobody else holds (index checkpoint written, borg lock released). Outbound only.
 */
public class ReponoResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public void start(BootstrapContext context) {
        // engines open on first use: a repository that is locked or missing must not stop the deployment
    }

    @Override
    public void stop() {
        OpenRepositories.SERVER.release(this);
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws NotSupportedException {
        throw new NotSupportedException("Repono's resource adapter has no inbound (message) endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // never activated
    }

    /** Recovery goes through the connection definitions' XAResources (they know their repository). */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // Jakarta Connectors requires value equality of the adapter's JavaBean; it has no properties. The registry
    // tells adapter objects apart by identity.
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
