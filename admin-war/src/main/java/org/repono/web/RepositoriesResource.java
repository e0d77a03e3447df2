package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.repono.facade.RepositoryService;
import org.repono.facade.RepositoryView;
import org.repono.facade.SegmentView;

/** GET /repositories, /repositories/{repo}, /repositories/{repo}/segments. */
@RequestScoped
@Path("repositories")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoriesResource {

    @EJB
    RepositoryService repositories;

    @GET
    @RolesAllowed({"admin", "viewer"})
    public Map<String, List<RepositoryView>> list() {
        return Map.of("repositories", repositories.list());
    }

    @GET
    @Path("{repo}")
    @RolesAllowed({"admin", "viewer"})
    public RepositoryView get(@PathParam("repo") String repo) {
        return repositories.get(repo);
    }

    @GET
    @Path("{repo}/segments")
    @RolesAllowed({"admin", "viewer"})
    public Map<String, List<SegmentView>> segments(@PathParam("repo") String repo) {
        return Map.of("segments", repositories.segments(repo));
    }
}
