package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;

/**
 * The heap does not bound a transaction: a JVM with 64 MiB of heap stages, prepares and commits 320 MiB in one XA
 * branch through the adapter (objects streamed in, the engine spilling to disk), then reads them back streamed.
 */
class LargeTransactionTest {

    static final int OBJECTS = 16;
    static final long SIZE = ContentSpool.MAX_DATA_SIZE;

    @TempDir
    Path home;

    @Test
    void aTransactionFiveTimesTheHeapCommitsInAChildJvmWith64MiB() throws Exception {
        Path folder = home.resolve("repo");
        Path log = home.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LargeTransactionTest.class.getName(),
                folder.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("committed " + OBJECTS + " objects"), output);
        if (Borg.available()) {
            new Borg(home.resolve("borg")).checkClean(folder);
        }
    }

    /** The child: one branch, every object streamed in; then each read back streamed and its digest compared. */
    public static void main(String[] args) throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(Path.of(args[0]))) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);
            XAResource xa = physical.getXAResource();
            TestXid xid = TestXid.of("large", "b");
            byte[][] digests = new byte[OBJECTS][];
            xa.start(xid, XAResource.TMNOFLAGS);
            for (int i = 0; i < OBJECTS; i++) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                handle.put(id(i), new ConnectionHandleTest.PatternStream(SIZE, digest), SIZE);
                digests[i] = digest.digest();
            }
            xa.end(xid, XAResource.TMSUCCESS);
            if (xa.prepare(xid) != XAResource.XA_OK) {
                throw new AssertionError("prepare did not vote OK");
            }
            xa.commit(xid, false);
            try (RepositoryConnection c = adapter.factory().getConnection()) {
                for (int i = 0; i < OBJECTS; i++) {
                    if (!Optional.of(SIZE).equals(c.size(id(i)))) {
                        throw new AssertionError("object " + i + " has size " + c.size(id(i)));
                    }
                    MessageDigest read = MessageDigest.getInstance("SHA-256");
                    try (var in = c.openStream(id(i))) {
                        byte[] chunk = new byte[65536];
                        for (int n; (n = in.read(chunk)) > 0; ) {
                            read.update(chunk, 0, n);
                        }
                    }
                    if (!MessageDigest.isEqual(digests[i], read.digest())) {
                        throw new AssertionError("object " + i + " reads back different bytes");
                    }
                }
            }
            System.out.println("committed " + OBJECTS + " objects of " + SIZE + " bytes in one branch with "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB of heap");
        }
    }

    private static ObjectId id(int i) {
        return ObjectId.sha256(("large " + i).getBytes(StandardCharsets.UTF_8));
    }

}
