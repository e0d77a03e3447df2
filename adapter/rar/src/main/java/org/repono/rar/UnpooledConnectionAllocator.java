package org.repono.rar;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;

/** Stands in for the server's connection pool outside a server: a new physical connection per request. */
final class UnpooledConnectionAllocator implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info) throws ResourceException {
        return factory.createManagedConnection(null, info).getConnection(null, info);
    }
}
