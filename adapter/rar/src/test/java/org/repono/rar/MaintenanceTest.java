package org.repono.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.api.AppendOnlyException;
import org.repono.api.CheckOutcome;
import org.repono.api.CompactionOutcome;
import org.repono.api.LockHolder;
import org.repono.api.MaintenanceBusyException;
import org.repono.api.MaintenanceCancellation;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryLockedException;
import org.repono.api.RepositoryMaintenance;
import org.repono.api.RepositoryStatistics;
import org.repono.api.SegmentStatistics;

/** The operator's side: figures, check and repair, compaction, the lock. */
class MaintenanceTest {

    @TempDir
    Path home;

    private static ObjectId id(int i) {
        return ObjectId.sha256(("object " + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void statisticsAndSegmentsFollowTheWork() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("repo"));
             RepositoryConnection c = adapter.factory().getConnection()) {
            for (int i = 0; i < 10; i++) {
                c.put(id(i), new byte[1000]);
            }
            c.delete(id(0));
            RepositoryMaintenance maintenance = c.maintenance();
            RepositoryStatistics stats = maintenance.statistics();
            assertEquals("repo", stats.name());
            assertEquals(home.resolve("repo").toString(), stats.path());
            assertEquals(9, stats.objects());
            assertFalse(stats.appendOnly());
            assertEquals(0, stats.preparedBranches());
            assertTrue(stats.freeDiskBytes() > 0);
            assertTrue(stats.freeableBytes() > 1000, "the deleted object's bytes are freeable: " + stats);
            List<SegmentStatistics> segments = maintenance.segments();
            assertEquals(stats.segments(), segments.size());
            assertEquals(9, segments.stream().mapToInt(SegmentStatistics::liveObjects).sum());
            assertEquals(stats.segmentBytes(), segments.stream().mapToLong(SegmentStatistics::fileBytes).sum());
        }
    }

    @Test
    void checkReportsProgressAndCompactionFreesWhatDeletesLeft() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("repo"));
             RepositoryConnection c = adapter.factory().getConnection()) {
            for (int i = 0; i < 20; i++) {
                c.put(id(i), new byte[5000]);
            }
            for (int i = 0; i < 15; i++) {
                c.delete(id(i));
            }
            List<Double> fractions = new CopyOnWriteArrayList<>();
            CheckOutcome check = c.maintenance().check(false, (f, done, total) -> fractions.add(f), null);
            assertTrue(check.clean(), check.toString());
            assertEquals(5, check.objects());
            assertFalse(fractions.isEmpty());

            long before = c.maintenance().statistics().segmentBytes();
            CompactionOutcome compaction = c.maintenance().compact(0.1, null, new MaintenanceCancellation());
            assertFalse(compaction.cancelled());
            assertTrue(compaction.bytesFreed() > 15 * 5000 / 2, compaction.toString());
            assertTrue(c.maintenance().statistics().segmentBytes() < before);
            for (int i = 15; i < 20; i++) {
                assertTrue(c.contains(id(i)));
            }
            IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                    () -> c.maintenance().compact(1.5, null, null));
            assertTrue(threshold.getMessage().contains("1.5"), threshold.getMessage());
        }
    }

    @Test
    void aCancelledCheckSaysSoAndIsNotClean() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("repo"));
             RepositoryConnection c = adapter.factory().getConnection()) {
            c.put(id(1), new byte[10]);
            MaintenanceCancellation cancellation = new MaintenanceCancellation();
            cancellation.cancel();
            CheckOutcome check = c.maintenance().check(false, null, cancellation);
            assertTrue(check.cancelled());
            assertFalse(check.clean());
        }
    }

    @Test
    void aRepairWhileABranchHoldsWorkIsBusyAndAppendOnlyRefusesCompaction() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("repo"))) {
            ReponoManagedConnection physical = adapter.physical();
            ConnectionHandle handle = adapter.handle(physical);
            TestXid xid = TestXid.of("busy", "b");
            physical.getXAResource().start(xid, XAResource.TMNOFLAGS);
            handle.put(id(1), new byte[10]);
            physical.getXAResource().end(xid, XAResource.TMSUCCESS);
            try (RepositoryConnection other = adapter.factory().getConnection()) {
                MaintenanceBusyException busy = assertThrows(MaintenanceBusyException.class,
                        () -> other.maintenance().check(true, null, null));
                assertTrue(busy.getMessage().contains("repository 'repo'"), busy.getMessage());
            }
            physical.getXAResource().rollback(xid);
        }
        ReponoResourceAdapter adapter = new ReponoResourceAdapter();
        ReponoManagedConnectionFactory appendOnly = new ReponoManagedConnectionFactory();
        appendOnly.setRepositoryPath(home.resolve("repo").toString());
        appendOnly.setAppendOnly(true);
        appendOnly.setResourceAdapter(adapter);
        try (RepositoryConnection c = ((org.repono.api.RepositoryConnectionFactory) appendOnly.createConnectionFactory())
                .getConnection()) {
            assertTrue(c.maintenance().statistics().appendOnly());
            AppendOnlyException e = assertThrows(AppendOnlyException.class, () -> c.maintenance().compact(0.1, null, null));
            assertTrue(e.getMessage().contains("repository 'repo'"), e.getMessage());
        } finally {
            adapter.stop();
        }
    }

    @Test
    void theLockShowsThisServerAndCannotBeBrokenWhileItIsUsed() throws Exception {
        try (AdapterUnderTest adapter = new AdapterUnderTest(home.resolve("repo"));
             RepositoryConnection c = adapter.factory().getConnection()) {
            List<LockHolder> holders = c.maintenance().lockHolders();
            assertTrue(holders.stream().anyMatch(h -> h.exclusive() && h.pid() == ProcessHandle.current().pid()
                    && !h.stale()), holders.toString());
            RepositoryLockedException e = assertThrows(RepositoryLockedException.class, () -> c.maintenance().breakLock());
            assertTrue(e.getMessage().contains("repository 'repo'"), e.getMessage());
            assertEquals(1, holders.size(), "one holder, listed once: " + holders);
        }
    }
}
