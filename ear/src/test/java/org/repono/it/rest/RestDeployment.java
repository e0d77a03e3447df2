package org.repono.it.rest;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * The EAR as built, plus connection factories for the tests' own repositories (Jakarta EE {@code
 * <connection-factory>} definitions in its application.xml: the server's configuration stays untouched), each
 * prepared fresh on disk before the deployment and with no job history or schedule left from earlier runs.
 */
final class RestDeployment {

    /** Small segments (many of them for compaction), plain otherwise. */
    static final String SCRATCH = "rest-scratch";
    /** AppendOnly=true in its connection definition. */
    static final String APPEND_ONLY = "rest-append";
    /** Holds a prepared XA branch, made with the engine before the server opens it. */
    static final String IN_DOUBT = "rest-indoubt";
    /** One object's data has a flipped byte: a check finds a CRC mismatch, a repair mends it. */
    static final String DAMAGED = "rest-damaged";

    /** storage_quota of {@link #QUOTA_BYTES} in its borg config: a larger object is refused with 507. */
    static final String QUOTA = "rest-quota";
    static final long QUOTA_BYTES = 100_000;
    /**
     * additional_free_space of {@link #NO_SPACE_BYTES} in its borg config: more than any disk has, so borg's free-space
     * rule refuses every commit (507) while reading works.
     */
    static final String NO_SPACE = "rest-nospace";
    static final long NO_SPACE_BYTES = 1L << 60;

    /**
     * Plain; a test takes its segment folder away under the running server (only in {@link #withFailingRepository()}:
     * the repository is of no use afterwards until the adapter restarts).
     */
    static final String FAILING = "rest-failing";

    /**
     * Locked by a process on another host (borg cannot tell whether it lives: not stale), so the server cannot open
     * it; its lock wait is 1 s. Only in {@link #withLockedRepository()}.
     */
    static final String LOCKED = "rest-locked";
    static final String FOREIGN_HOST = "elsewhere@123456789";
    static final long FOREIGN_PID = 4242;

    /** The second prepared branch of {@link #IN_DOUBT} (to roll back) and the object it puts. */
    static final String IN_DOUBT_XID_2 = "4660:" + HexFormat.of().formatHex("rest-gtrid-2".getBytes(StandardCharsets.UTF_8))
            + ":6232";
    static final String IN_DOUBT_OBJECT_2 = "cd".repeat(32);

    /** The prepared branch of {@link #IN_DOUBT}, as the resource adapter prints an XA Xid (format:gtrid:bqual). */
    static final String IN_DOUBT_XID = "4660:" + HexFormat.of().formatHex("rest-gtrid".getBytes(StandardCharsets.UTF_8))
            + ":6231";
    /** The object the prepared branch puts. */
    static final String IN_DOUBT_OBJECT = "ab".repeat(32);

    private RestDeployment() {
    }

    static Path folder(String repository) {
        return ServerUnderTest.home().resolve("repositories").resolve(repository);
    }

    static EnterpriseArchive ear() {
        return ear(false, false);
    }

    /** {@link #ear()} and {@link #LOCKED}. */
    static EnterpriseArchive withLockedRepository() {
        return ear(true, false);
    }

    /** {@link #ear()} and {@link #FAILING}. */
    static EnterpriseArchive withFailingRepository() {
        return ear(false, true);
    }

    private static EnterpriseArchive ear(boolean locked, boolean failing) {
        try {
            for (String repository : new String[] {SCRATCH, APPEND_ONLY, IN_DOUBT, DAMAGED, QUOTA, NO_SPACE, FAILING,
                    LOCKED}) {
                deleteTree(folder(repository));
                for (String records : new String[] {"jobs", "schedules"}) {
                    Path data = Path.of(System.getProperty("jboss.home"), "standalone", "data", "repono", records);
                    deleteTree(data.resolve(repository));
                    Files.deleteIfExists(data.resolve(repository + ".json"));
                }
            }
            Files.createDirectories(folder(IN_DOUBT).getParent());
            createInDoubt(folder(IN_DOUBT));
            createDamaged(folder(DAMAGED));
            Repositories.create(folder(QUOTA), RepositoryOptions.defaults().withStorageQuota(QUOTA_BYTES)).close();
            Repositories.create(folder(NO_SPACE), RepositoryOptions.defaults()).close();
            Path config = folder(NO_SPACE).resolve("config");
            String plain = Files.readString(config);
            String starved = plain.replace("additional_free_space = 0", "additional_free_space = " + NO_SPACE_BYTES);
            if (starved.equals(plain)) {
                throw new IllegalStateException("no additional_free_space = 0 in " + config + ": " + plain);
            }
            Files.writeString(config, starved);
            if (locked) {
                createLocked(folder(LOCKED));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the test repositories", e);
        }
        EnterpriseArchive ear = BuiltEar.load();
        String application;
        try (var in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            application = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the EAR's application.xml", e);
        }
        String factories = factory(SCRATCH, "<property><name>MaxSegmentSize</name><value>1048576</value></property>")
                + factory(APPEND_ONLY, "<property><name>AppendOnly</name><value>true</value></property>")
                + factory(IN_DOUBT, "")
                + factory(DAMAGED, "")
                + factory(QUOTA, "")
                + factory(NO_SPACE, "")
                + (failing ? factory(FAILING, "") : "")
                + (locked ? factory(LOCKED, "<property><name>LockWaitSeconds</name><value>1</value></property>") : "");
        ear.setApplicationXML(new StringAsset(application.replace("</application>", factories + "</application>")));
        return ear;
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

    /** A repository with one committed object and one prepared, undecided branch putting {@link #IN_DOUBT_OBJECT}. */
    private static void createInDoubt(Path folder) {
        try (Repository repository = Repositories.create(folder, RepositoryOptions.defaults())) {
            try (Transaction committed = repository.begin()) {
                committed.put(new byte[32], "committed".getBytes(StandardCharsets.UTF_8));
                committed.commit();
            }
            Transaction prepared = repository.begin();
            prepared.put(HexFormat.of().parseHex(IN_DOUBT_OBJECT), "in doubt".getBytes(StandardCharsets.UTF_8));
            prepared.prepare(xidBytes(4660, "rest-gtrid".getBytes(StandardCharsets.UTF_8), new byte[] {'b', '1'}));
            Transaction second = repository.begin();
            second.put(HexFormat.of().parseHex(IN_DOUBT_OBJECT_2), "rolled back".getBytes(StandardCharsets.UTF_8));
            second.prepare(xidBytes(4660, "rest-gtrid-2".getBytes(StandardCharsets.UTF_8), new byte[] {'b', '2'}));
        }
    }

    /** The resource adapter's encoding of an XA Xid: format id, then gtrid and bqual each after its length byte. */
    private static byte[] xidBytes(int formatId, byte[] gtrid, byte[] bqual) {
        return ByteBuffer.allocate(4 + 1 + gtrid.length + 1 + bqual.length).putInt(formatId)
                .put((byte) gtrid.length).put(gtrid).put((byte) bqual.length).put(bqual).array();
    }

    /** Twenty committed objects of 2000 bytes, then one byte flipped inside the newest segment's last object. */
    private static void createDamaged(Path folder) throws IOException {
        SecureRandom random = new SecureRandom();
        try (Repository repository = Repositories.create(folder, RepositoryOptions.defaults());
             Transaction transaction = repository.begin()) {
            for (int i = 0; i < 20; i++) {
                byte[] id = new byte[32];
                byte[] data = new byte[2000];
                random.nextBytes(id);
                random.nextBytes(data);
                transaction.put(id, data);
            }
            transaction.commit();
        }
        Path segment;
        try (Stream<Path> files = Files.walk(folder.resolve("data"))) {
            segment = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            // the segment ends with a 9-byte COMMIT; 100 bytes before the end is the last object's data
            long offset = file.length() - 100;
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0xff);
        }
    }

    /** An empty repository whose borg lock a process of another host holds (FORMAT.md §7's layout). */
    private static void createLocked(Path folder) throws IOException {
        Repositories.create(folder, RepositoryOptions.defaults()).close();
        Path exclusive = folder.resolve("lock.exclusive");
        Files.createDirectory(exclusive);
        Files.createFile(exclusive.resolve(FOREIGN_HOST + "." + FOREIGN_PID + "-0"));
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
