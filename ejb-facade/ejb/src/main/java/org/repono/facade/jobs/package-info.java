/**
 * Maintenance jobs' bookkeeping: a job's live state (progress, ETA, cancellation), its result, and the job
 * history's files (one JSON file per job, so that the history survives a restart). Plain Java: the EJB that runs
 * the jobs ({@link org.repono.facade.MaintenanceJobs}) owns threads and transactions.
 *
 * <p>Test-only: {@link org.repono.facade.jobs.SlowJobs}, off unless the server was started with
 * {@code -Drepono.test.slowJobs=NAME,...} (only the full-stack tests' server, ear/src/test/resources/arquillian.xml),
 * makes the jobs of the named repositories pause after each progress report so that a browser can watch and cancel one.
 *
 * <p>May use: the JDK, Jakarta JSON Processing, {@code org.repono.api} (the outcomes it turns into results) and
 * the facade's views. Must not use: the web module, the resource adapter's or the engine's classes.
 */
package org.repono.facade.jobs;
