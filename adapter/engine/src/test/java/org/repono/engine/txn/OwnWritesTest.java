package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;

/**
 * Read committed + own writes for the count and the paged list: a transaction's size() and list() include its own
 * staged puts and leave out its own staged deletes, in memory and once spilled to segment files, while everyone
 * else still sees only the committed state.
 */
class OwnWritesTest {

    @TempDir
    Path tmp;

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    private static Set<String> hexes(List<byte[]> ids) {
        Set<String> out = new HashSet<>();
        for (byte[] id : ids) {
            out.add(hex(id));
        }
        return out;
    }

    /** Every id, page after page of {@code limit}, each page's last id the next marker; no id twice. */
    private static List<String> allPages(Transaction t, int limit) {
        List<String> out = new ArrayList<>();
        byte[] marker = null;
        while (true) {
            List<byte[]> page = t.list(limit, marker);
            assertTrue(page.size() <= limit);
            for (byte[] id : page) {
                out.add(hex(id));
            }
            if (page.size() < limit) {
                return out;
            }
            marker = page.get(page.size() - 1);
        }
    }

    /** spill 0: the engine's default (everything staged in memory); 1: every entry spills to segment files. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1})
    void sizeAndListSeeTheTransactionsOwnPutsAndDeletes(long spillBytes) {
        Path path = tmp.resolve("repo");
        Set<String> committed = new HashSet<>();
        try (Repository repo = Repositories.create(path, TestIds.options().withSpillBytes(spillBytes))) {
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 40; i++) {
                    t.put(TestIds.id("c" + i), TestIds.data("c" + i, 100));
                    committed.add(hex(TestIds.id("c" + i)));
                }
                t.commit();
            }
            Set<String> expected = new HashSet<>(committed);
            try (Transaction t = repo.begin()) {
                for (int i = 0; i < 25; i++) { // new ids
                    t.put(TestIds.id("n" + i), TestIds.data("n" + i, 300));
                    expected.add(hex(TestIds.id("n" + i)));
                }
                for (int i = 0; i < 10; i++) { // committed ids deleted
                    t.delete(TestIds.id("c" + i));
                    expected.remove(hex(TestIds.id("c" + i)));
                }
                t.put(TestIds.id("c10"), TestIds.data("replaced", 50)); // replaced: still one object
                t.delete(TestIds.id("c11"));
                t.put(TestIds.id("c11"), TestIds.data("back", 60)); // deleted, then put again
                expected.add(hex(TestIds.id("c11")));
                t.put(TestIds.id("n0"), TestIds.data("n0 again", 70)); // own put replaced
                t.delete(TestIds.id("n1")); // own put deleted again
                expected.remove(hex(TestIds.id("n1")));

                assertEquals(expected.size(), t.size());
                assertEquals(40 + 25 - 10 - 1, t.size());
                assertEquals(40, repo.size(), "others see the committed count");
                assertEquals(committed, hexes(repo.list(1000, null)), "others see the committed ids");

                List<byte[]> everything = t.list(1000, null);
                assertEquals(expected, hexes(everything));
                assertEquals(expected.size(), everything.size(), "no id twice");
                for (int limit : new int[] {1, 3, 7, 30, 53, 54, 55}) {
                    List<String> paged = allPages(t, limit);
                    assertEquals(expected.size(), paged.size(), "no id twice with pages of " + limit);
                    assertEquals(expected, new HashSet<>(paged), "pages of " + limit);
                }
                assertEquals(0, t.list(0, null).size());
                assertThrows(IllegalArgumentException.class, () -> t.list(-1, null));

                t.commit();
            }
            assertEquals(expected.size(), repo.size());
            assertEquals(expected, hexes(repo.list(1000, null)));
        }
    }

    @Test
    void afterTheLastCommittedIdTheOwnIdsFollowAndAPreparedTransactionStillSeesThem() {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, TestIds.options())) {
            try (Transaction t = repo.begin()) {
                t.put(TestIds.id("old"), TestIds.data("old", 10));
                t.commit();
            }
            Transaction t = repo.begin();
            t.put(TestIds.id("own-1"), TestIds.data("own-1", 10));
            t.put(TestIds.id("own-2"), TestIds.data("own-2", 10));
            List<byte[]> first = t.list(1, null);
            assertEquals(hex(TestIds.id("old")), hex(first.get(0)));
            assertEquals(List.of(hex(TestIds.id("own-1")), hex(TestIds.id("own-2"))),
                    t.list(5, first.get(0)).stream().map(OwnWritesTest::hex).toList());
            assertEquals(List.of(hex(TestIds.id("own-2"))),
                    t.list(5, TestIds.id("own-1")).stream().map(OwnWritesTest::hex).toList());
            assertEquals(0, t.list(5, TestIds.id("own-2")).size());

            // another transaction commits one of "our" new ids: it is committed now, listed once, in borg's order
            try (Transaction other = repo.begin()) {
                other.put(TestIds.id("own-1"), TestIds.data("theirs", 10));
                other.commit();
            }
            assertEquals(3, t.size());
            assertEquals(3, t.list(10, null).size());

            t.prepare(new byte[] {9});
            assertEquals(3, t.size(), "a prepared transaction reads as before");
            t.rollback();
            assertThrows(TransactionStateException.class, t::size);
            assertThrows(TransactionStateException.class, () -> t.list(1, null));
            assertEquals(2, repo.size());
        }
    }
}
