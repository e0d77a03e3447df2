package org.repono.engine.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckReport;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.log.SegmentFiles;

/**
 * Check and repair as the engine runs them (Repository.check): against the engine's in-memory committed index
 * while its checkpoint on disk lags behind, and after the disk rotted under a running engine.
 */
class CheckThroughEngineTest {

    @Test
    void aRepositoryTheEngineWroteIsCleanAndRotUnderItIsFoundAndRepaired(@TempDir Path tmp) {
        assumeTrue(Borg.installed(), "borg 1.2.4 is needed as the judge");
        Path repo = tmp.resolve("repo");
        Random random = new Random(3);
        Map<String, byte[]> live = new LinkedHashMap<>();
        RepositoryOptions options = RepositoryOptions.defaults().withMaxSegmentSize(20_000);
        try (Repository r = Repositories.create(repo, options)) {
            for (int t = 0; t < 4; t++) {
                try (Transaction tx = r.begin()) {
                    for (int i = 0; i < 12; i++) {
                        byte[] id = new byte[32];
                        random.nextBytes(id);
                        byte[] data = new byte[300 + random.nextInt(3000)];
                        random.nextBytes(data);
                        tx.put(id, data);
                        live.put(Borg.hex(id), data);
                    }
                    if (t > 0) {
                        String victim = live.keySet().iterator().next();
                        tx.delete(java.util.HexFormat.of().parseHex(victim));
                        live.remove(victim);
                    }
                    tx.commit();
                }
            }
            CheckReport clean = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(clean.clean(), clean.problems().toString());
            assertEquals(live.size(), clean.objects());

            // the disk rots under the running engine: one bit inside a live object's PUT entry
            RepositoryConfig opened = RepositoryConfig.read(repo.resolve("config"));
            SegmentFiles files = new SegmentFiles(repo, opened.segmentsPerDir());
            EntryModel.Entry victim = new EntryModel(repo, opened.segmentsPerDir()).entries.stream()
                    .filter(e -> e.tag() == 0 && live.containsKey(e.id())).skip(5).findFirst().orElseThrow();
            RepoFiles.flipBit(files.pathOf(victim.segment()), victim.offset() + victim.size() / 2, 2);
            long firstData = victim.segment();
            CheckReport rotten = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            long damagedSegment = firstData;
            assertTrue(rotten.problems().stream().anyMatch(p -> p.kind().equals(ProblemKind.CRC_MISMATCH)
                    && p.segment() == damagedSegment), rotten.problems().toString());

            CheckReport repaired = r.check(true, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(repaired.repaired(), repaired.toString());
            CheckReport after = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(after.clean(), after.problems().toString());
            for (Map.Entry<String, byte[]> e : live.entrySet()) {
                byte[] id = java.util.HexFormat.of().parseHex(e.getKey());
                if (e.getKey().equals(victim.id())) {
                    assertThrows(ObjectNotFoundException.class, () -> r.get(id), "the damaged object is gone");
                } else {
                    assertArrayEquals(e.getValue(), r.get(id), e.getKey());
                }
            }
            assertEquals(live.size() - 1, after.objects());

            // the engine's own checkpoint and compaction leave hints this check agrees with
            r.checkpoint();
            CheckReport checkpointed = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(checkpointed.clean(), checkpointed.problems().toString());
            r.compact(0.0, ProgressListener.NONE, Cancellation.NEVER);
            r.checkpoint();
            CheckReport compacted = r.check(false, ProgressListener.NONE, Cancellation.NEVER);
            assertTrue(compacted.clean(), compacted.problems().toString());
        }
        RepositoryConfig config = RepositoryConfig.read(repo.resolve("config"));
        CheckReport offline = new RepositoryCheck(repo, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertTrue(offline.clean(), "after close: " + offline.problems());
        Borg.Run judge = new Borg(tmp.resolve("borg-home")).checkRepositoryOnly(repo);
        assertTrue(judge.silentSuccess(), judge.output());
        assertFalse(judge.output().contains("mismatch"));
    }
}
