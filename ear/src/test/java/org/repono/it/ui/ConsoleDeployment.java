package org.repono.it.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.it.BuiltEar;
import org.repono.it.ServerUnderTest;

/**
 * The EAR as built plus connection factories (Jakarta EE {@code <connection-factory>} in its application.xml) for
 * the console tests' own repositories, each made fresh on disk before the deployment, with no job history or
 * schedule left from an earlier run. What the browser needs inside them is put there through the REST API by the
 * tests themselves, except what only the engine can make: prepared branches and a foreign lock.
 */
final class ConsoleDeployment {

    /** Checked from the console. */
    static final String CHECKED = "ui-check";
    /**
     * Its jobs pause after each progress report (the test-only switch {@code -Drepono.test.slowJobs=ui-slow} that
     * src/test/resources/arquillian.xml gives the server): a check there runs long enough to be watched and cancelled.
     */
    static final String SLOW = "ui-slow";
    /** Small segments (1 MiB): objects deleted in the browser, then compacted. */
    static final String COMPACTED = "ui-compact";
    /** Uploads and downloads. */
    static final String OBJECTS = "ui-objects";
    /**
     * More objects than one page of the object browser. Its history holds a clean check that finished
     * {@link #PAGED_LAST_CHECK_HOURS} hours ago (the record a server left before it stopped).
     */
    static final String PAGED = "ui-paged";
    static final int PAGED_LAST_CHECK_HOURS = 5;
    static final String PAGED_LAST_CHECK_JOB = "ui-paged-old-check";
    /** Append-only: the console offers neither delete nor compaction. */
    static final String APPEND_ONLY = "ui-append";
    /** Two prepared XA branches, decided in the console: {@link #TO_COMMIT} and {@link #TO_ROLL_BACK}. */
    static final String IN_DOUBT = "ui-indoubt";
    /** Locked by a process on another host when the server starts: unavailable until the lock is broken. */
    static final String LOCKED = "ui-locked";

    static final Branch TO_COMMIT = new Branch("ui-commit", "cd".repeat(32), "committed from the console");
    static final Branch TO_ROLL_BACK = new Branch("ui-rollback", "ef".repeat(32), "rolled back from the console");

    /** A lock holder that cannot be proven dead: another host's process. */
    static final String FOREIGN_HOST = "elsewhere@123456789012";
    static final long FOREIGN_PID = 4242;

    private ConsoleDeployment() {
    }

    /** A prepared branch that puts one object; {@code xid} as the API prints it (lower-case hex). */
    record Branch(String gtrid, String objectId, String data) {

        private static final int FORMAT_ID = 4660;

        byte[] xidBytes() {
            byte[] global = gtrid.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + 1 + global.length + 1 + 2).putInt(FORMAT_ID)
                    .put((byte) global.length).put(global).put((byte) 2).put(new byte[] {'b', '1'}).array();
        }

        /** The resource adapter's printed form, {@code formatId:gtridHex:bqualHex}, hex of its UTF-8 bytes. */
        String xid() {
            String text = FORMAT_ID + ":" + HexFormat.of().formatHex(gtrid.getBytes(StandardCharsets.UTF_8)) + ":6231";
            return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Path folder(String repository) {
        return ServerUnderTest.home().resolve("repositories").resolve(repository);
    }

    static EnterpriseArchive ear() {
        try {
            for (String repository : new String[] {CHECKED, SLOW, COMPACTED, OBJECTS, PAGED, APPEND_ONLY, IN_DOUBT, LOCKED}) {
                deleteTree(folder(repository));
                for (String records : new String[] {"jobs", "schedules"}) {
                    Path data = Path.of(System.getProperty("jboss.home"), "standalone", "data", "repono", records);
                    deleteTree(data.resolve(repository));
                    Files.deleteIfExists(data.resolve(repository + ".json"));
                }
            }
            Files.createDirectories(folder(IN_DOUBT).getParent());
            createInDoubt(folder(IN_DOUBT));
            writeOldCheck(PAGED, PAGED_LAST_CHECK_JOB, Instant.now().minus(Duration.ofHours(PAGED_LAST_CHECK_HOURS)));
            createLocked(folder(LOCKED));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the console tests' repositories", e);
        }
        EnterpriseArchive ear = BuiltEar.load();
        String application;
        try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            application = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the EAR's application.xml", e);
        }
        String factories = factory(CHECKED, "")
                + factory(SLOW, "")
                + factory(COMPACTED, property("MaxSegmentSize", "1048576"))
                + factory(OBJECTS, "")
                + factory(PAGED, "")
                + factory(APPEND_ONLY, property("AppendOnly", "true"))
                + factory(IN_DOUBT, "")
                + factory(LOCKED, property("LockWaitSeconds", "1"));
        ear.setApplicationXML(new StringAsset(application.replace("</application>", factories + "</application>")));
        return ear;
    }

    /**
     * A finished, clean check in the server's job history folder, as the facade writes its records (read when the EAR
     * deploys): no test can wait hours for a check to grow old.
     */
    private static void writeOldCheck(String repository, String jobId, Instant finished) throws IOException {
        Path jobs = Path.of(System.getProperty("jboss.home"), "standalone", "data", "repono", "jobs", repository);
        Files.createDirectories(jobs);
        Instant started = finished.minusSeconds(2);
        Files.writeString(jobs.resolve(jobId + ".json"), """
                {"id": "%s", "repository": "%s", "kind": "check", "threshold": null, "trigger": "manual",
                 "requestedBy": "admin", "state": "succeeded", "cancelRequested": false, "progress": 1.0,
                 "bytesDone": 1000, "bytesTotal": 1000, "created": "%s", "started": "%s", "finished": "%s",
                 "elapsedSeconds": 2.0,
                 "result": {"problemsFound": 0, "problemsRepaired": 0, "bytesFreed": 0, "segmentsRewritten": 0,
                            "segmentsChecked": 1, "objectsMoved": 0, "problems": [], "message": "no problems found"}}
                """.formatted(jobId, repository, started, started, finished));
    }

    private static String property(String name, String value) {
        return "<property><name>" + name + "</name><value>" + value + "</value></property>";
    }

    private static String factory(String name, String moreProperties) {
        return """
                  <connection-factory>
                    <name>java:global/repono/%s</name>
                    <interface-name>org.repono.api.RepositoryConnectionFactory</interface-name>
                    <resource-adapter>repono.ear#repono-rar</resource-adapter>
                    <property><name>RepositoryPath</name><value>%s</value></property>
                    <property><name>RepositoryName</name><value>%s</value></property>
                    %s
                  </connection-factory>
                """.formatted(name, folder(name), name, moreProperties);
    }

    /** One committed object and two prepared, undecided branches. */
    private static void createInDoubt(Path folder) {
        try (Repository repository = Repositories.create(folder, RepositoryOptions.defaults())) {
            try (Transaction committed = repository.begin()) {
                committed.put(new byte[32], "committed".getBytes(StandardCharsets.UTF_8));
                committed.commit();
            }
            for (Branch branch : new Branch[] {TO_COMMIT, TO_ROLL_BACK}) {
                Transaction prepared = repository.begin();
                prepared.put(HexFormat.of().parseHex(branch.objectId()), branch.data().getBytes(StandardCharsets.UTF_8));
                prepared.prepare(branch.xidBytes());
            }
        }
    }

    /**
     * A repository whose lock a process on another host holds, as borg 1.2.4 writes it: lock.exclusive/ with the
     * holder's file, and lock.roster naming it (FORMAT.md section 7).
     */
    private static void createLocked(Path folder) throws IOException {
        try (Repository repository = Repositories.create(folder, RepositoryOptions.defaults());
             Transaction transaction = repository.begin()) {
            transaction.put(new byte[32], "behind a lock".getBytes(StandardCharsets.UTF_8));
            transaction.commit();
        }
        Path lock = Files.createDirectory(folder.resolve("lock.exclusive"));
        Files.createFile(lock.resolve(FOREIGN_HOST + "." + FOREIGN_PID + "-0"));
        Files.writeString(folder.resolve("lock.roster"),
                "{\"exclusive\": [[\"" + FOREIGN_HOST + "\", " + FOREIGN_PID + ", 0]]}");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
