package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.repono.facade.ObjectIds;
import org.repono.facade.ObjectInfo;
import org.repono.facade.ObjectListing;
import org.repono.facade.ObjectService;
import org.repono.facade.Refusal;
import org.repono.facade.ReponoProblem;
import org.repono.facade.RepositoryService;
import org.repono.facade.StoredObject;

/**
 * Objects as raw bytes: paged listing, POST (id = SHA-256 of the body), GET / HEAD / PUT / DELETE by id. Bodies
 * stream in both directions; a body over {@link ObjectService#MAX_SIZE} is refused from its Content-Length before
 * it is read, or by the facade when its count passes the limit while it is read.
 */
@RequestScoped
@Path("repositories/{repo}/objects")
public class ObjectsResource {

    static final int DEFAULT_LIMIT = 100;

    @EJB
    ObjectService objects;

    @EJB
    RepositoryService repositories;

    @Context
    UriInfo uris;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"admin", "viewer"})
    public ObjectListing list(@PathParam("repo") String repo, @QueryParam("prefix") String prefix,
                              @QueryParam("limit") String limit, @QueryParam("marker") String marker) {
        repositories.requireExisting(repo);
        return objects.list(repo, prefix, QueryParameters.integer("limit", limit, DEFAULT_LIMIT), marker);
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response create(@PathParam("repo") String repo, @Context HttpHeaders headers, InputStream body) {
        repositories.requireExisting(repo);
        refuseDeclaredTooLarge(headers);
        StoredObject stored = objects.putContent(repo, body);
        return Response.created(location(repo, stored.id()))
                .entity(Map.of("id", stored.id(), "size", stored.size()))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({"admin", "viewer"})
    public Response get(@PathParam("repo") String repo, @PathParam("id") String id) {
        ObjectInfo info = objects.info(repo, id);
        StreamingOutput body = out -> objects.copy(repo, info.id(), info.size(), out);
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, info.size())
                .header("Content-Disposition", "attachment; filename=\"" + info.id() + "\"")
                .build();
    }

    @HEAD
    @Path("{id}")
    @RolesAllowed({"admin", "viewer"})
    public Response head(@PathParam("repo") String repo, @PathParam("id") String id) {
        ObjectInfo info = objects.info(repo, id);
        return Response.ok()
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, info.size())
                .header("Content-Disposition", "attachment; filename=\"" + info.id() + "\"")
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response put(@PathParam("repo") String repo, @PathParam("id") String id, @Context HttpHeaders headers,
                        InputStream body) {
        repositories.requireExisting(repo);
        String objectId = ObjectIds.normalized(id, "object id");
        long length = refuseDeclaredTooLarge(headers);
        StoredObject stored = objects.put(repo, objectId, body, length);
        if (!stored.created()) {
            return Response.noContent().build();
        }
        return Response.created(location(repo, stored.id()))
                .entity(Map.of("id", stored.id(), "size", stored.size()))
                .build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response delete(@PathParam("repo") String repo, @PathParam("id") String id) {
        objects.delete(repo, id);
        return Response.noContent().build();
    }

    /** The announced length (-1: none, e.g. chunked); 413 at once when it is over the limit. */
    private static long refuseDeclaredTooLarge(HttpHeaders headers) {
        String declared = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || declared.isBlank()) {
            return -1;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST, "Content-Length '" + declared + "' is not a number.");
        }
        if (length > ObjectService.MAX_SIZE) {
            throw new ReponoProblem(Refusal.OBJECT_TOO_LARGE, "The body is " + length + " bytes; a repository takes at"
                    + " most " + ObjectService.MAX_SIZE + " bytes (borg's MAX_DATA_SIZE). Nothing was stored.");
        }
        return length;
    }

    private URI location(String repo, String id) {
        return uris.getBaseUriBuilder().path("repositories").path(repo).path("objects").path(id).build();
    }
}
