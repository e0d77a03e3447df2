package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.repono.facade.Ping;
import org.repono.facade.PingService;

/** GET /repono/api/ping: opens and closes a connection to the default repository (ear/run.sh waits for it). */
@RequestScoped
@Path("ping")
public class PingResource {

    @EJB
    PingService pings;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"admin", "viewer"})
    public Ping ping() {
        return pings.ping();
    }
}
