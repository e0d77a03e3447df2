package org.repono.facade;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.api.RepositoryConnectionFactory;

/**
 * Opens a connection to the default repository once the application is deployed, so that the
 * resource adapter creates the repository on the first start rather than at the first request.
 * A failure is logged, not thrown: the server stays up and the readiness check reports it.
 */
@Singleton
@Startup
@PermitAll
public class DefaultRepositoryAtStart {

    private static final Logger LOG = Logger.getLogger(DefaultRepositoryAtStart.class.getName());

    @Resource(lookup = DefaultRepository.CONNECTION_FACTORY)
    RepositoryConnectionFactory connections;

    @PostConstruct
    void open() {
        try {
            Ping ping = Ping.through(connections);
            LOG.info(() -> "Repono: repository '" + ping.repository() + "' at " + ping.folder());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Repono: the default repository cannot be opened", e);
        }
    }
}
