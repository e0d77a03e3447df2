/**
 * Repono's EJB facade: the services the web module (REST API, console) calls, each one a stateless
 * EJB with container-managed transactions and role checks. It reaches repositories only through the
 * resource adapter's client API ({@code org.repono.api}) and implements the health checks' contract
 * ({@code org.repono.health}).
 *
 * <p>Roles: {@code admin} (everything) and {@code viewer} (reads). May use: Jakarta EE, {@code org.repono.api},
 * {@code org.repono.health}. Must not use: the resource adapter's or the engine's classes, the web module.
 */
package org.repono.facade;
