/**
 * The REST API under {@code /repono/api} (JAX-RS resources, JSON-B, RFC 9457 problem details) behind Repono's
 * web console, as admin-war/src/main/webapp/openapi.yaml specifies it. The console's pages use a FORM login;
 * API calls the session of that login or HTTP Basic ({@link org.repono.web.ApiAuthentication}, which also
 * enforces the CSRF header); roles {@code admin} and {@code viewer} are checked on every resource method and
 * again by the facade.
 *
 * <p>May use: Jakarta EE and the EJB facade ({@code org.repono.facade}) only. Must not use: the client API, the
 * resource adapter or the engine (the facade is the web module's only way in).
 */
package org.repono.web;
