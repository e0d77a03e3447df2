/**
 * Repono's EJB facade: what applications and the web module (REST API, console) call. Stateless services with
 * container-managed transactions and role checks ({@link org.repono.facade.ObjectService},
 * {@link org.repono.facade.RepositoryService}), singletons for the repository registry, maintenance jobs and
 * schedules, and the health status. It reaches repositories only through the resource adapter's client API
 * ({@code org.repono.api}); what it refuses leaves it as a {@link org.repono.facade.ReponoProblem} naming a
 * {@link org.repono.facade.Refusal}. Results are plain records (the REST API's JSON shapes).
 *
 * <p>Roles: {@code admin} (everything) and {@code viewer} (reads). May use: Jakarta EE, {@code org.repono.api},
 * {@code org.repono.health}. Must not use: the resource adapter's or the engine's classes, the web module.
 */
package org.repono.facade;
