package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.repono.facade.PreparedTransactionView;
import org.repono.facade.RepositoryService;

/** Prepared (in-doubt) XA branches: list, and an operator's heuristic commit or rollback of one. */
@RequestScoped
@Path("repositories/{repo}/transactions")
@Produces(MediaType.APPLICATION_JSON)
public class TransactionsResource {

    @EJB
    RepositoryService repositories;

    @GET
    @RolesAllowed({"admin", "viewer"})
    public Map<String, List<PreparedTransactionView>> list(@PathParam("repo") String repo) {
        return Map.of("transactions", repositories.transactions(repo));
    }

    @POST
    @Path("{xid}/commit")
    @RolesAllowed("admin")
    public Response commit(@PathParam("repo") String repo, @PathParam("xid") String xid) {
        repositories.commitTransaction(repo, xid);
        return Response.noContent().build();
    }

    @POST
    @Path("{xid}/rollback")
    @RolesAllowed("admin")
    public Response rollback(@PathParam("repo") String repo, @PathParam("xid") String xid) {
        repositories.rollbackTransaction(repo, xid);
        return Response.noContent().build();
    }
}
