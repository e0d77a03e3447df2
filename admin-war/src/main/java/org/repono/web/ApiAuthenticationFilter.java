package org.repono.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Authenticates calls under /api/: the console's FORM-login session, or HTTP Basic (scripts) checked
 * against the server's realm with {@code request.login}. Without either the answer is 401 (never the
 * login page): with {@code WWW-Authenticate: Basic realm="Repono"}, except for calls that carry
 * {@code X-Requested-With: XMLHttpRequest} (the console), so that browsers show no password dialog.
 * web.xml leaves /api/* out of the container's FORM login for this reason.
 */
@WebFilter("/api/*")
public class ApiAuthenticationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String REALM = "Repono";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() == null && !logInWithBasic(request)) {
            refuse(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** True when the request carries valid Basic credentials (and is now authenticated with them). */
    private static boolean logInWithBasic(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            request.login(credentials.substring(0, colon), credentials.substring(colon + 1));
            return true;
        } catch (ServletException wrongCredentials) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Authentication required\",\"status\":401,"
                + "\"detail\":\"Log in (HTTP Basic, or the console's login page) as a Repono user.\"}");
    }
}
