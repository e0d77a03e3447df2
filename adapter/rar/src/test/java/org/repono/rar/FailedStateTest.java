package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.InsufficientFreeSpaceException;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryUnavailableException;
import org.repono.api.StorageQuotaExceededException;
import org.repono.engine.Repositories;
import org.repono.engine.RepositoryOptions;

/**
 * The repository's failed state: a real fault under the open engine (its segment folder taken away, so a commit
 * cannot write) puts it out of service until the adapter restarts; a full quota or a lack of free space does not
 * (the engine rolled the change back and takes the next one), and reaches the application as the client API's typed
 * failure, also through XA commit.
 */
class FailedStateTest {

    @TempDir
    Path home;

    @Test
    void aCommitThatCannotWriteTheLogFailsTheRepositoryUntilTheAdapterRestarts() throws Exception {
        Path folder = home.resolve("repo");
        ObjectId kept = ObjectId.sha256(bytes("kept"));
        try (AdapterUnderTest adapter = new AdapterUnderTest(folder)) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);
            handle.put(kept, bytes("kept"));
            assertNull(physical.repository.failure());

            Files.move(folder.resolve("data"), home.resolve("data-taken-away"));
            RepositoryUnavailableException commit = assertThrows(RepositoryUnavailableException.class,
                    () -> handle.put(ObjectId.sha256(bytes("lost")), bytes("lost")));

            RepositoryUnavailableException failure = physical.repository.failure();
            assertNotNull(failure, "the repository is in its failed state");
            assertSame(commit, failure.getCause());
            assertTrue(failure.getMessage().contains("repository 'repo'") && failure.getMessage().contains("restarts"),
                    failure.getMessage());
            Files.move(home.resolve("data-taken-away"), folder.resolve("data")); // the fault goes away...
            ConnectionHandle next = adapter.handle(physical);
            RepositoryUnavailableException read = assertThrows(RepositoryUnavailableException.class,
                    () -> next.get(kept));
            assertEquals(failure.getMessage(), read.getMessage(), "...the repository stays failed");
            assertThrows(RepositoryUnavailableException.class, () -> next.maintenance().statistics());
            RepositoryUnavailableException connecting = assertThrows(RepositoryUnavailableException.class,
                    () -> adapter.factory().getConnection());
            assertTrue(connecting.getMessage().contains("restarts"), connecting.getMessage());
            assertTrue(Files.exists(folder.resolve("lock.exclusive")), "it keeps borg's lock meanwhile");
        }
        try (AdapterUnderTest restarted = new AdapterUnderTest(folder)) {
            ReponoManagedConnection physical = restarted.physical();
            ConnectionHandle handle = restarted.handle(physical);
            assertArrayEquals(bytes("kept"), handle.get(kept), "the restart reopens it from disk");
            handle.put(ObjectId.sha256(bytes("after")), bytes("after"));
            assertNull(physical.repository.failure());
        }
        if (Borg.available()) {
            new Borg(home.resolve("borg")).checkClean(folder);
        }
    }

    @Test
    void overTheQuotaIsATypedRefusalAndTheRepositoryWorksOn() throws Exception {
        Path folder = home.resolve("quota");
        Repositories.create(folder, RepositoryOptions.defaults().withStorageQuota(10_000)).close();
        try (AdapterUnderTest adapter = new AdapterUnderTest(folder)) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);

            StorageQuotaExceededException refused = assertThrows(StorageQuotaExceededException.class,
                    () -> handle.put(ObjectId.sha256(new byte[20_000]), new byte[20_000]));

            assertTrue(refused.getMessage().contains("10000"), refused.getMessage());
            assertNull(physical.repository.failure());
            handle.put(ObjectId.sha256(new byte[100]), new byte[100]);
            assertTrue(handle.contains(ObjectId.sha256(new byte[100])));
            assertFalse(handle.contains(ObjectId.sha256(new byte[20_000])));
        }
    }

    @Test
    void tooLittleFreeSpaceAtAnXaCommitIsTheTypedFailureInTheCauseChain() throws Exception {
        Path folder = home.resolve("nospace");
        Repositories.create(folder, RepositoryOptions.defaults()).close();
        Path config = folder.resolve("config");
        String plain = Files.readString(config);
        Files.writeString(config, plain.replace("additional_free_space = 0", "additional_free_space = " + (1L << 60)));
        assertFalse(plain.equals(Files.readString(config)), "config changed");
        try (AdapterUnderTest adapter = new AdapterUnderTest(folder)) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);
            XAResource xa = physical.getXAResource();
            Xid xid = TestXid.of("g-nospace", "b");
            ObjectId id = ObjectId.sha256(bytes("no room"));
            xa.start(xid, XAResource.TMNOFLAGS);
            handle.put(id, bytes("no room"));
            xa.end(xid, XAResource.TMSUCCESS);

            XAException refused = assertThrows(XAException.class, () -> xa.commit(xid, true));

            assertEquals(XAException.XA_RBOTHER, refused.errorCode);
            InsufficientFreeSpaceException cause = assertInstanceOf(InsufficientFreeSpaceException.class,
                    refused.getCause());
            assertTrue(cause.getMessage().contains("repository 'nospace'"), cause.getMessage());
            assertNull(physical.repository.failure(), "a full disk is no failed state");
            assertFalse(handle.contains(id));
            assertThrows(InsufficientFreeSpaceException.class, () -> handle.put(id, bytes("no room")));
            assertNull(physical.repository.failure());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
