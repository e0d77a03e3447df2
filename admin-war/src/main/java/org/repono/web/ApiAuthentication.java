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
 * The way in for everything but the console's pages (those are the container's, with the FORM login of
 * web.xml, which would otherwise send API callers to the login page): a caller is the user of the console's
 * session, or logs in here with HTTP Basic against the same realm (scripts; on any URL). The REST API and the
 * served contract need one of the two, else 401 problem+json. Then, for the API, the CSRF defence: a
 * state-changing call must carry {@code X-Requested-With: XMLHttpRequest} (a cross-site form or a simple
 * cross-origin request cannot send it), else 403 and nothing happens. Both come before the role checks and
 * before any body is read.
 */
@WebFilter("/*")
public class ApiAuthentication extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String REQUESTED_WITH = "X-Requested-With";
    static final String XHR = "XMLHttpRequest";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final String API = "/api";
    static final String CONTRACT = "/openapi.yaml";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean guarded = guarded(request);
        boolean basicLogin = false;
        boolean hadSession = request.getSession(false) != null;
        if (request.getUserPrincipal() == null) {
            String header = request.getHeader("Authorization");
            boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
            if (basic || guarded) {
                String refusal = basicLogin(request);
                if (refusal != null) {
                    unauthenticated(request, response, refusal);
                    return;
                }
                basicLogin = true;
            }
        }
        try {
            if (guarded && !SAFE_METHODS.contains(request.getMethod())
                    && !XHR.equalsIgnoreCase(request.getHeader(REQUESTED_WITH))) {
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

    /**
     * The REST API and the served contract: a login is required, and the CSRF header for changes. Judged by the
     * servlet the container mapped the request to (decoded, normalized), never by the raw URI, which a
     * crafted path ("//api", "/x/../api") could make look like something else.
     */
    static boolean guarded(HttpServletRequest request) {
        String servlet = request.getServletPath();
        return API.equals(servlet) || CONTRACT.equals(servlet);
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
