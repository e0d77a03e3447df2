/**
 * Periodic maintenance's bookkeeping: a schedule's JSON form (strictly validated: it arrives from the REST API),
 * its file per repository, and when the next check or compaction is due. Plain Java: the EJB with the timers
 * ({@link org.repono.facade.MaintenanceSchedule}) owns the clock.
 *
 * <p>May use: the JDK, Jakarta JSON Processing, the facade's views and {@link org.repono.facade.ReponoProblem}.
 * Must not use: the web module, the resource adapter's or the engine's classes.
 */
package org.repono.facade.schedule;
