/**
 * The REST API under {@code /repono/api} (JAX-RS resources, JSON) behind Repono's web console.
 * The console's pages need a FORM login (WEB-INF/web.xml); the API accepts that session or HTTP Basic
 * ({@link org.repono.web.ApiAuthenticationFilter}), both against the server's ApplicationRealm; roles
 * {@code admin} and {@code viewer}.
 *
 * <p>May use: Jakarta EE and the EJB facade ({@code org.repono.facade}) only. Must not use: the
 * client API, the resource adapter or the engine (the facade is the web module's only way in).
 */
package org.repono.web;
