package org.repono.it.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.repono.it.ServerUnderTest;

/**
 * The heap does not bound a transaction: in the suite's server (started with -Xmx512m, which the test checks), one
 * JTA transaction puts 2 GiB (128 objects of 16 MiB, streamed in) and commits; every object reads back with the
 * digest it was written with; with the adapter undeployed (borg's lock released) {@code borg check
 * --repository-only} passes; then the objects are deleted and compacted away and nothing is left in the spill
 * folder, and the test removes the repository. Takes about a minute or two and 2.1 GiB of disk, checked first.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(named = "arquillian.xml", matches = "arquillian-crash\\.xml",
        disabledReason = "needs the suite's server, not the crash tests' manual one")
class RarLargeTransactionIT {

    private static final String DEPLOYMENT = "rar-large";
    private static final int OBJECTS = 128;
    private static final int OBJECT_SIZE = 16 << 20;
    private static final long TOTAL = (long) OBJECTS * OBJECT_SIZE;
    /** The data, the index and hints, and room for compaction to write its new segment. */
    private static final long NEEDED = TOTAL + (256L << 20);
    private static final long SERVER_HEAP = 512L << 20;

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static EnterpriseArchive ear() {
        return Scenario.ear();
    }

    @Test
    void oneTransactionOfTwoGibibytesCommitsInAServerWithHalfAGibibyteOfHeap() throws Exception {
        Path repository = ServerUnderTest.home().resolve("repositories").resolve("rar-it-large");
        deleteTree(repository); // a run cut short may have left it
        requireFreeSpace(ServerUnderTest.home(), NEEDED, "the test repository " + repository
                + " (2 GiB of objects; a transaction's spill files live in its repono/tmp and become its segments)");
        requireFreeSpace(Path.of(System.getProperty("java.io.tmpdir")), 64L << 20, "the temporary folder");
        String name = Scenario.fresh("large");
        Borg borg = new Borg(ServerUnderTest.home().resolve("..").resolve("rar-it-borg").normalize());

        deployer.deploy(DEPLOYMENT);
        String digests;
        try {
            long started = System.nanoTime();
            JsonObject put = Scenario.run(Duration.ofMinutes(20), "/large-put", "name", name,
                    "count", String.valueOf(OBJECTS), "size", String.valueOf(OBJECT_SIZE));
            assertNull(Scenario.failure(put), put.toString());
            System.out.printf("RarLargeTransactionIT: %d MiB in one JTA transaction: staged in %.1f s, committed in"
                    + " %.1f s (%.1f s with the call)%n", TOTAL >> 20, put.getJsonNumber("putSeconds").doubleValue(),
                    put.getJsonNumber("commitSeconds").doubleValue(), (System.nanoTime() - started) / 1e9);
            assertTrue(put.getJsonNumber("tmpEntriesInside").longValue() > 0, "the transaction spilled to disk");
            long maxHeap = put.getJsonNumber("maxHeap").longValue();
            assertTrue(maxHeap <= SERVER_HEAP, "the server runs with at most 512 MiB of heap, has " + maxHeap);
            assertTrue(TOTAL > 3 * maxHeap, "the transaction is far larger than the heap");
            assertEquals(OBJECTS, put.getJsonNumber("countInside").longValue(), put.toString());
            digests = put.getString("digests");

            started = System.nanoTime();
            JsonObject read = Scenario.run(Duration.ofMinutes(10), "/large-verify", "name", name, "digests", digests);
            assertNull(Scenario.failure(read), read.toString());
            System.out.printf("RarLargeTransactionIT: read back and digested in %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertEquals(0, read.getInt("mismatches"), read.toString());
            assertEquals(TOTAL, read.getJsonNumber("bytesRead").longValue(), read.toString());
            assertEquals(OBJECTS, read.getJsonNumber("objects").longValue(), read.toString());
            assertEquals(0, read.getJsonNumber("tmpEntries").longValue(), "no spill file outlives its transaction");
        } finally {
            deployer.undeploy(DEPLOYMENT); // the adapter stops: index checkpoint written, borg's lock released
        }
        assertTrue(sizeOf(repository.resolve("data")) >= TOTAL, "the objects are in the segments");
        long started = System.nanoTime();
        borg.checkClean(repository);
        System.out.printf("RarLargeTransactionIT: borg check --repository-only of %d MiB in %.1f s%n",
                sizeOf(repository.resolve("data")) >> 20, (System.nanoTime() - started) / 1e9);

        deployer.deploy(DEPLOYMENT);
        try {
            JsonObject released = Scenario.run(Duration.ofMinutes(10), "/large-release", "name", name,
                    "count", String.valueOf(OBJECTS));
            assertNull(Scenario.failure(released), released.toString());
            assertEquals(0, released.getJsonNumber("objects").longValue(), released.toString());
            assertTrue(released.getJsonNumber("segmentBytes").longValue() < (1L << 20), released.toString());
            assertEquals(0, released.getJsonNumber("tmpEntries").longValue(), released.toString());
        } finally {
            deployer.undeploy(DEPLOYMENT);
        }
        assertTrue(sizeOf(repository) < (16L << 20), "the disk space is given back: " + sizeOf(repository) + " bytes left");
        borg.checkClean(repository);
        deleteTree(repository);
    }

    private static void requireFreeSpace(Path where, long needed, String what) throws IOException {
        Path existing = where.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        FileStore store = Files.getFileStore(existing);
        long free = store.getUsableSpace();
        assertTrue(free >= needed, String.format("this test needs %d MiB free for %s, but %s (%s) has only %d MiB:"
                + " free some space there and run it again", needed >> 20, what, existing, store, free >> 20));
    }

    private static long sizeOf(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
