package org.repono.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.repono.facade.MaintenanceSchedule;
import org.repono.facade.RepositoryService;
import org.repono.facade.ScheduleView;
import org.repono.facade.schedule.ScheduleJson;

/** The periodic maintenance schedule: GET, PUT (replaces it whole). */
@RequestScoped
@Path("repositories/{repo}/schedule")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @EJB
    MaintenanceSchedule schedules;

    @EJB
    RepositoryService repositories;

    @GET
    @RolesAllowed({"admin", "viewer"})
    public ScheduleView get(@PathParam("repo") String repo) {
        return schedules.get(repo);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public ScheduleView put(@PathParam("repo") String repo, InputStream body) {
        repositories.requireExisting(repo);
        return schedules.put(repo, ScheduleJson.read(JsonBodies.object(body)));
    }
}
