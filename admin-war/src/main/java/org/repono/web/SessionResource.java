package org.repono.web;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** GET /me (who is logged in, with which of Repono's roles) and POST /logout (ends the console's session). */
@RequestScoped
@Path("")
public class SessionResource {

    @Context
    HttpServletRequest request;

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    public Map<String, Object> me() {
        List<String> roles = Stream.of("admin", "viewer").filter(request::isUserInRole).toList();
        return Map.of("name", request.getUserPrincipal().getName(), "roles", roles);
    }

    @POST
    @Path("logout")
    @PermitAll
    public Response logout() throws ServletException {
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }
}
