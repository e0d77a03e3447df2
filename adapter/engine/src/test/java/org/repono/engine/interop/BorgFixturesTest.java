package org.repono.engine.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.Fixtures;
import org.repono.engine.log.SegmentFiles;

/**
 * Every repository the real borg 1.2.4 wrote (src/test/resources/fixtures) opens, lists exactly the ids of
 * expected.json with the recorded bytes, hides deleted and uncommitted ids; after the engine writes to it, borg
 * still checks it clean and reads everything the engine committed.
 */
class BorgFixturesTest {

    @TempDir
    Path tmp;

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    static RepositoryOptions options() {
        return RepositoryOptions.defaults().withLockWait(Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ids(Map<String, Object> expected) {
        return (Map<String, Object>) expected.get("ids");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v == null ? List.of() : (List<Object>) v;
    }

    private static void assertCommittedState(Repository repo, Map<String, Object> expected) throws IOException {
        Map<String, Object> ids = ids(expected);
        Set<String> listed = new HashSet<>();
        for (byte[] id : repo.list(100_000, null)) {
            listed.add(Fixtures.hex(id));
        }
        assertEquals(ids.keySet(), listed, "listed ids");
        assertEquals(ids.size(), repo.size());
        for (Map.Entry<String, Object> e : ids.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) e.getValue();
            byte[] data = repo.get(Fixtures.unhex(e.getKey()));
            assertEquals(Fixtures.intOf(info.get("size")), data.length, e.getKey());
            assertEquals(info.get("sha256"), Borg.sha256(data), "bytes of " + e.getKey());
            try (InputStream in = repo.openStream(Fixtures.unhex(e.getKey()))) {
                assertEquals(info.get("sha256"), Borg.sha256(in.readAllBytes()), "streamed bytes of " + e.getKey());
            }
        }
        for (Object gone : list(expected, "deleted")) {
            byte[] id = Fixtures.unhex((String) gone);
            assertFalse(repo.contains(id), "deleted " + gone);
            assertThrows(ObjectNotFoundException.class, () -> repo.get(id));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsWhatBorgWroteThenBorgReadsWhatTheEngineAdds(String fixture) throws IOException {
        assumeTrue(Borg.available(), "borg 1.2.4 is not installed");
        Map<String, Object> expected = Fixtures.expected(fixture);
        Path path = Fixtures.copyRepo(fixture, tmp.resolve(fixture));
        Borg borg = new Borg(tmp.resolve("borg"));
        Map<String, String> afterWrite = new TreeMap<>();
        for (Map.Entry<String, Object> e : ids(expected).entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) e.getValue();
            afterWrite.put(e.getKey(), (String) info.get("sha256"));
        }
        boolean appendOnly = Boolean.TRUE.equals(expected.get("append_only"));
        try (Repository repo = Repositories.open(path, options())) {
            assertEquals(appendOnly, repo.isAppendOnly());
            assertEquals(Fixtures.longOf(expected.get("transaction_id")), repo.stats().transactionId());
            assertCommittedState(repo, expected);
            // one write: a new object, an overwrite and a delete of objects borg wrote
            List<String> existing = new ArrayList<>(ids(expected).keySet());
            existing.remove(Borg.hex(new byte[32]));
            try (Transaction t = repo.begin()) {
                byte[] fresh = Fixtures.unhex(Borg.sha256(("new in " + fixture).getBytes()));
                byte[] freshData = ("new in " + fixture).repeat(50).getBytes();
                t.put(fresh, freshData);
                afterWrite.put(Fixtures.hex(fresh), Borg.sha256(freshData));
                if (existing.size() >= 2) {
                    byte[] over = ("overwritten in " + fixture).getBytes();
                    t.put(Fixtures.unhex(existing.get(0)), over);
                    afterWrite.put(existing.get(0), Borg.sha256(over));
                    t.delete(Fixtures.unhex(existing.get(1)));
                    afterWrite.remove(existing.get(1));
                }
                t.commit();
            }
            if (appendOnly) {
                assertThrows(AppendOnlyException.class, () -> repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER));
            }
        }
        borg.checkClean(path);
        assertEquals(afterWrite, borg.readAll(path), "borg reads the engine's writes");
        if (appendOnly) {
            long lines = Files.readAllLines(path.resolve("transactions")).size();
            @SuppressWarnings("unchecked")
            Map<String, Object> log = (Map<String, Object>) expected.get("transactions");
            assertTrue(lines > Fixtures.longOf(log.get("lines")), "a transactions line per index written");
        }
    }

    @Test
    void invariant2_uncommittedTailIsHiddenThenRemovedAtTheFirstWrite() throws IOException {
        String fixture = "g_uncommitted_tail";
        Map<String, Object> expected = Fixtures.expected(fixture);
        @SuppressWarnings("unchecked")
        Map<String, Object> uncommitted = (Map<String, Object>) expected.get("uncommitted");
        Path path = Fixtures.copyRepo(fixture, tmp.resolve(fixture));
        SegmentFiles files = new SegmentFiles(path, 1000);
        Set<Long> before = longs(list(expected, "segments"));
        Set<Long> afterCleanup = longs(list(uncommitted, "segments_after_cleanup"));
        // a shared (reading) session leaves the tail alone but never shows it
        try (Repository repo = Repositories.open(path, options().withExclusive(false))) {
            assertCommittedState(repo, expected);
            for (Object id : list(uncommitted, "put_ids")) {
                assertFalse(repo.contains(Fixtures.unhex((String) id)), "uncommitted put " + id);
            }
            assertEquals(before, longs(files.list()), "nothing deleted before a write");
            try (Transaction t = repo.begin()) {
                t.put(Fixtures.unhex(Borg.sha256("first write".getBytes())), "first write".getBytes());
                t.commit();
            }
            Set<Long> now = longs(files.list());
            assertTrue(now.containsAll(afterCleanup), "committed segments stay: " + now);
            long tid = repo.stats().transactionId();
            Set<Long> expectedNow = new HashSet<>(afterCleanup);
            for (long s = Fixtures.longOf(expected.get("transaction_id")) + 1; s <= tid; s++) {
                expectedNow.add(s);
            }
            assertEquals(expectedNow, now, "the uncommitted tail was removed and its numbers reused");
            for (Object id : list(uncommitted, "put_ids")) {
                assertFalse(repo.contains(Fixtures.unhex((String) id)), "uncommitted put " + id);
            }
            for (String key : List.of("deleted_ids", "overwritten_ids")) {
                for (Object id : list(uncommitted, key)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> info = (Map<String, Object>) ids(expected).get(id);
                    assertEquals(info.get("sha256"), Borg.sha256(repo.get(Fixtures.unhex((String) id))), key + " " + id);
                }
            }
        }
    }

    private static Set<Long> longs(List<Object> numbers) {
        Set<Long> out = new HashSet<>();
        for (Object n : numbers) {
            out.add(Fixtures.longOf(n));
        }
        return out;
    }

    private static Set<Long> longs(long[] numbers) {
        Set<Long> out = new HashSet<>();
        for (long n : numbers) {
            out.add(n);
        }
        return out;
    }

}
