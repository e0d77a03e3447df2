package org.repono.facade;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import org.repono.api.RepositoryConnectionFactory;

/** Proves the way web -> facade -> resource adapter -> connection works, for a logged-in user. */
@Stateless
@LocalBean
@RolesAllowed({"admin", "viewer"})
public class PingService {

    @Resource(lookup = DefaultRepository.CONNECTION_FACTORY)
    RepositoryConnectionFactory connections;

    public Ping ping() {
        return Ping.through(connections);
    }
}
