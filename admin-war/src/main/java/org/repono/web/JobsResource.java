package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.repono.facade.JobView;
import org.repono.facade.MaintenanceJobs;
import org.repono.facade.RepositoryService;

/** Maintenance jobs: history (GET), start (POST {kind, threshold}), one job (GET), cancel (DELETE). */
@RequestScoped
@Path("repositories/{repo}/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int DEFAULT_LIMIT = 50;
    private static final Set<String> FIELDS = Set.of("kind", "threshold");

    @EJB
    MaintenanceJobs jobs;

    @EJB
    RepositoryService repositories;

    @Context
    UriInfo uris;

    @GET
    @RolesAllowed({"admin", "viewer"})
    public Map<String, List<JobView>> list(@PathParam("repo") String repo, @QueryParam("limit") String limit) {
        repositories.requireExisting(repo);
        return Map.of("jobs", jobs.list(repo, QueryParameters.integer("limit", limit, DEFAULT_LIMIT)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response start(@PathParam("repo") String repo, InputStream body) {
        repositories.requireExisting(repo);
        JsonObject request = JsonBodies.object(body);
        for (String field : request.keySet()) {
            if (!FIELDS.contains(field)) {
                throw JsonBodies.invalid("Field '" + field + "' is unknown; a job request has 'kind' and, for compact, "
                        + "'threshold'.");
            }
        }
        JsonValue kind = request.get("kind");
        if (!(kind instanceof JsonString kindText)) {
            throw JsonBodies.invalid("Field 'kind' is required: check, repair or compact.");
        }
        JsonValue threshold = request.get("threshold");
        Double thresholdValue = null;
        if (threshold instanceof JsonNumber number) {
            thresholdValue = number.doubleValue();
        } else if (threshold != null && threshold != JsonValue.NULL) {
            throw JsonBodies.invalid("Field 'threshold' must be a number from 0 to 1, not " + threshold + ".");
        }
        JobView job = jobs.start(repo, kindText.getString(), thresholdValue);
        return Response.accepted(job)
                .location(uris.getBaseUriBuilder().path("repositories").path(repo).path("jobs").path(job.id()).build())
                .build();
    }

    @GET
    @Path("{job}")
    @RolesAllowed({"admin", "viewer"})
    public JobView get(@PathParam("repo") String repo, @PathParam("job") String job) {
        return jobs.get(repo, job);
    }

    @DELETE
    @Path("{job}")
    @RolesAllowed("admin")
    public Response cancel(@PathParam("repo") String repo, @PathParam("job") String job) {
        return Response.accepted(jobs.cancel(repo, job)).build();
    }
}
