package org.repono.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The API's door (web.xml leaves /api/* and /openapi.yaml open to the container, which would otherwise send API
 * callers to the console's login page): a caller is the user of the console's FORM login session, or logs in
 * here with HTTP Basic against the same realm; anyone else gets 401 problem+json. Then the CSRF defence: a
 * state-changing call must carry {@code X-Requested-With: XMLHttpRequest} (a cross-site form or a simple
 * cross-origin request cannot send it), else 403 and nothing happens. Both come before the role checks and
 * before any body is read.
 */
@WebFilter(urlPatterns = {"/api/*", "/openapi.yaml"})
public class ApiAuthentication extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String REQUESTED_WITH = "X-Requested-With";
    static final String XHR = "XMLHttpRequest";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean basicLogin = false;
        boolean hadSession = request.getSession(false) != null;
        if (request.getUserPrincipal() == null) {
            String refusal = basicLogin(request);
            if (refusal != null) {
                unauthenticated(request, response, refusal);
                return;
            }
            basicLogin = true;
        }
        try {
            if (!SAFE_METHODS.contains(request.getMethod()) && !XHR.equalsIgnoreCase(request.getHeader(REQUESTED_WITH))) {
                write(request, response, new Problem(ProblemType.CSRF_HEADER_MISSING, request.getMethod()
                        + " changes state: it must carry the header '" + REQUESTED_WITH + ": " + XHR
                        + "' (Repono's defence against cross-site requests). Nothing was changed.",
                        request.getRequestURI()));
                return;
            }
            chain.doFilter(request, response);
        } finally {
            if (basicLogin) {
                forget(request, hadSession);
            }
        }
    }

    /** Logs the Basic caller in; null when done, else why not. */
    private static String basicLogin(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "This call needs a login: HTTP Basic or the console's session.";
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "The Basic credentials are not valid Base64.";
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            return "The Basic credentials are not 'user:password'.";
        }
        try {
            request.login(credentials.substring(0, colon), credentials.substring(colon + 1));
        } catch (ServletException e) {
            return "Wrong user name or password.";
        }
        return null;
    }

    /** A Basic caller is authenticated per request: nothing of the login may outlive it. */
    private static void forget(HttpServletRequest request, boolean hadSession) {
        try {
            request.logout();
        } catch (ServletException | RuntimeException e) {
            // the response is out; what is left is at most an idle session, which times out
        }
        HttpSession session = request.getSession(false);
        if (!hadSession && session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing to do
            }
        }
    }

    private static void unauthenticated(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        // a browser that gets the Basic challenge shows its own password dialog: the console asks not to
        if (!XHR.equalsIgnoreCase(request.getHeader(REQUESTED_WITH))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Repono\", charset=\"UTF-8\"");
        }
        write(request, response, new Problem(ProblemType.UNAUTHENTICATED, detail, request.getRequestURI()));
    }

    static void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = problem.json().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(problem.type().status());
        response.setContentType(Problem.MEDIA_TYPE + ";charset=UTF-8");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }
}
