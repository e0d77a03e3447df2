package org.repono.rar;

import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import javax.transaction.xa.XAResource;

/** The adapter's life cycle. Outbound only: it has no inbound endpoints and holds no state yet. */
public class ReponoResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public void start(BootstrapContext context) {
        // nothing to start: connections open their repository themselves
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws NotSupportedException {
        throw new NotSupportedException("Repono's resource adapter has no inbound (message) endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // never activated
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // Jakarta Connectors requires value equality of the adapter's JavaBean; it has no properties.
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
