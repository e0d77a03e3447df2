package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.repono.facade.LockView;
import org.repono.facade.RepositoryService;

/** borg's lock of a repository: who holds it (GET), break a stale one (DELETE, {@code force} for a live-looking one). */
@RequestScoped
@Path("repositories/{repo}/lock")
@Produces(MediaType.APPLICATION_JSON)
public class LockResource {

    @EJB
    RepositoryService repositories;

    @GET
    @RolesAllowed({"admin", "viewer"})
    public LockView get(@PathParam("repo") String repo) {
        return repositories.lock(repo);
    }

    @DELETE
    @RolesAllowed("admin")
    public Response breakLock(@PathParam("repo") String repo, @QueryParam("force") String force) {
        repositories.requireExisting(repo);
        repositories.breakLock(repo, QueryParameters.bool("force", force, false));
        return Response.noContent().build();
    }
}
