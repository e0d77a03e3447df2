package org.repono.facade;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.interceptor.Interceptors;

/** Proves the way web -> facade -> resource adapter -> connection works, for a logged-in user. */
@Stateless
@LocalBean
@RolesAllowed({"admin", "viewer"})
@Interceptors(FailureTranslation.class)
public class PingService {

    @EJB
    RepositoryRegistry registry;

    public Ping ping() {
        return Ping.through(registry.require("default"));
    }
}
