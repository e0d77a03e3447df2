package org.repono.web;

import jakarta.ejb.EJBAccessException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.facade.Failures;
import org.repono.facade.ReponoProblem;

/**
 * Every failure of an API call as RFC 9457 problem details with the status openapi.yaml gives it. The facade's
 * refusals may arrive wrapped (by the container, e.g. when the transaction's commit failed): the cause chain is
 * searched.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        String path = request == null ? "" : request.getRequestURI();
        Problem problem = problem(failure, path);
        Response response = problem.response();
        if (failure instanceof NotAllowedException notAllowed) {
            String allow = notAllowed.getResponse().getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                return Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
            }
        }
        return response;
    }

    static Problem problem(Throwable failure, String path) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return new Problem(ProblemType.OBJECT_TOO_LARGE, tooLarge.getMessage(), path);
            }
        }
        Optional<ReponoProblem> refusal = Failures.problemIn(failure);
        if (refusal.isPresent()) {
            ReponoProblem p = refusal.get();
            if (ProblemType.of(p.refusal()).status() >= 500) {
                LOG.log(Level.WARNING, "API call " + path + " failed: " + p.getMessage(), failure);
            }
            return new Problem(ProblemType.of(p.refusal()), p.getMessage(), path, p.jobId());
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EJBAccessException || t instanceof ForbiddenException) {
                return new Problem(ProblemType.FORBIDDEN, "Your role does not allow this call"
                        + " (reading needs the role viewer or admin, changing anything needs admin).", path);
            }
        }
        if (failure instanceof NotFoundException) {
            return new Problem(ProblemType.NOT_FOUND, "There is nothing at " + path + ".", path);
        }
        if (failure instanceof NotAllowedException) {
            return new Problem(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed on " + path + ".", path);
        }
        if (failure instanceof NotSupportedException) {
            return new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type: JSON bodies must be "
                    + "application/json, object bodies application/octet-stream.", path);
        }
        if (failure instanceof NotAuthorizedException) {
            return new Problem(ProblemType.UNAUTHENTICATED, "This call needs a login.", path);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return new Problem(ProblemType.INVALID_REQUEST, "The request is not valid: " + web.getMessage(), path);
        }
        LOG.log(Level.WARNING, "API call " + path + " failed", failure);
        return new Problem(ProblemType.INTERNAL_ERROR, "The server failed: " + failure, path);
    }
}
