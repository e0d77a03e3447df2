package org.repono.engine.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Cancellation;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;

/**
 * The engine and borg 1.2.4 take turns on one repository (created by borg): borg put-obj/delete-obj/compact,
 * engine put/delete/compact, each side checking that it sees everything the other committed.
 */
class TakingTurnsTest {

    @TempDir
    Path tmp;

    @Test
    void engineAndBorgTakeTwentyTurns() {
        assumeTrue(Borg.available(), "borg 1.2.4 is not installed");
        Borg borg = new Borg(tmp.resolve("borg"));
        Path path = tmp.resolve("repo");
        borg.run("init", "--encryption=none", path.toString()).requireOk("borg init");
        // small segments so both sides roll over and compact real files
        borg.run("config", path.toString(), "max_segment_size", "16384").requireOk("borg config");
        RepositoryOptions options = RepositoryOptions.defaults().withLockWait(Duration.ofSeconds(10));
        Random random = new Random(42);
        Map<String, byte[]> live = new TreeMap<>(); // id hex -> data (manifest excluded)
        byte[] manifest = null;
        int counter = 0;
        for (int turn = 0; turn < 20; turn++) {
            boolean engineTurn = turn % 2 == 0;
            if (engineTurn) {
                try (Repository repo = Repositories.open(path, options)) {
                    // sees everything borg committed
                    for (Map.Entry<String, byte[]> e : live.entrySet()) {
                        assertArrayEquals(e.getValue(), repo.get(Borg.unhex(e.getKey())), "engine reads " + e.getKey());
                    }
                    assertEquals(live.size() + 1, repo.size(), "live objects plus borg's manifest");
                    if (manifest == null) {
                        manifest = repo.get(new byte[32]);
                    }
                    try (Transaction t = repo.begin()) {
                        for (int i = 0; i < 3; i++) {
                            byte[] data = payload(random, "e" + counter++);
                            byte[] id = Borg.unhex(Borg.sha256(data));
                            t.put(id, data);
                            live.put(Borg.hex(id), data);
                        }
                        deleteSome(random, live, t::delete);
                        overwriteOne(random, live, t::put);
                        t.commit();
                    }
                    if (turn % 8 == 2) {
                        repo.compact(0.1, ProgressListener.NONE, Cancellation.NEVER);
                    }
                }
            } else {
                Map<String, String> seen = borg.readAll(path);
                if (turn == 1) {
                    assertArrayEquals(manifest, borg.get(path, new byte[32]), "borg's manifest untouched");
                }
                seen.remove(Borg.hex(new byte[32]));
                assertEquals(shas(live), seen, "borg reads everything the engine committed (turn " + turn + ")");
                byte[] data = payload(random, "b" + counter++);
                byte[] id = Borg.unhex(Borg.sha256(data));
                borg.put(path, id, data);
                live.put(Borg.hex(id), data);
                if (turn % 4 == 3) {
                    List<byte[]> doomed = new ArrayList<>();
                    deleteSome(random, live, doomed::add);
                    if (!doomed.isEmpty()) {
                        borg.delete(path, doomed.toArray(new byte[0][]));
                    }
                }
                if (turn % 8 == 5) {
                    borg.run("compact", "--threshold", "5", path.toString()).requireOk("borg compact");
                }
            }
        }
        borg.checkClean(path);
        Map<String, String> seen = borg.readAll(path);
        seen.remove(Borg.hex(new byte[32]));
        assertEquals(shas(live), seen);
        assertFalse(live.isEmpty());
    }

    private static byte[] payload(Random random, String name) {
        byte[] body = new byte[500 + random.nextInt(6000)];
        random.nextBytes(body);
        byte[] tag = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, body, 0, Math.min(tag.length, body.length));
        return body;
    }

    interface IdAction {
        void apply(byte[] id);
    }

    interface PutAction {
        void apply(byte[] id, byte[] data);
    }

    private static void deleteSome(Random random, Map<String, byte[]> live, IdAction action) {
        List<String> keys = new ArrayList<>(live.keySet());
        if (keys.size() < 4) {
            return;
        }
        String victim = keys.get(random.nextInt(keys.size()));
        action.apply(Borg.unhex(victim));
        live.remove(victim);
    }

    private static void overwriteOne(Random random, Map<String, byte[]> live, PutAction action) {
        List<String> keys = new ArrayList<>(live.keySet());
        if (keys.isEmpty()) {
            return;
        }
        String target = keys.get(random.nextInt(keys.size()));
        byte[] data = payload(random, "over" + target);
        action.apply(Borg.unhex(target), data);
        live.put(target, data);
    }

    private static Map<String, String> shas(Map<String, byte[]> live) {
        Map<String, String> out = new TreeMap<>();
        live.forEach((k, v) -> out.put(k, Borg.sha256(v)));
        return out;
    }
}
