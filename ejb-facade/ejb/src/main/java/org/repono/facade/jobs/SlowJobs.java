package org.repono.facade.jobs;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.repono.api.MaintenanceProgress;

/**
 * Test-only switch: maintenance jobs of the named repositories pause {@value #PAUSE_MILLIS} ms after each progress
 * report, so that a job on a test-sized repository runs for seconds and a browser test can watch its progress and
 * ETA and cancel it (such a job otherwise ends before the console's first look). Off unless the server was started
 * with {@code -Drepono.test.slowJobs=NAME[,NAME...]} (only the full-stack tests' server is, for its own test
 * repositories); read once when the server starts, which logs a warning when it is on. The shipped configuration
 * never sets it: ear/run.sh refuses {@code -Drepono.test.*} in JAVA_OPTS and strips any {@code repono.test.*}
 * property a test run left in the server configuration it copies.
 */
public final class SlowJobs {

    static final String PROPERTY = "repono.test.slowJobs";
    static final long PAUSE_MILLIS = 250;

    private final Set<String> repositories;

    private SlowJobs(Set<String> repositories) {
        this.repositories = repositories;
    }

    /** The switch as this JVM was started: empty (off) without the property. */
    public static SlowJobs fromSystemProperty() {
        String names = System.getProperty(PROPERTY, "");
        return new SlowJobs(Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean on() {
        return !repositories.isEmpty();
    }

    /** The repositories whose jobs pause; for the server log. */
    public Set<String> repositories() {
        return repositories;
    }

    /** What the job's worker reports its progress to: {@code job} itself, paced when the switch names the repository. */
    public MaintenanceProgress progressOf(Job job) {
        if (!repositories.contains(job.repository())) {
            return job;
        }
        return (fraction, bytesDone, bytesTotal) -> {
            job.progress(fraction, bytesDone, bytesTotal);
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                // the server is stopping: the job stops at its next safe point
                Thread.currentThread().interrupt();
            }
        };
    }
}
