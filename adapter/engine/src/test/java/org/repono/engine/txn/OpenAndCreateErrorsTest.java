package org.repono.engine.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.engine.AlreadyExistsException;
import org.repono.engine.AppendOnlyException;
import org.repono.engine.Cancellation;
import org.repono.engine.CheckNeededException;
import org.repono.engine.DoesNotExistException;
import org.repono.engine.InvalidRepositoryException;
import org.repono.engine.ProgressListener;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

class OpenAndCreateErrorsTest {

    @TempDir
    Path tmp;

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void createRefusesSomethingAtThePathAndRepositoriesAbove() throws IOException {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        AlreadyExistsException e = assertThrows(AlreadyExistsException.class,
                () -> Repositories.create(file, TestIds.options()));
        assertTrue(e.getMessage().contains("There is already something at " + file), e.getMessage());

        Path full = tmp.resolve("full");
        Files.createDirectories(full.resolve("sub"));
        assertThrows(AlreadyExistsException.class, () -> Repositories.create(full, TestIds.options()));
        assertEquals(List.of("", "sub"), tree(full), "nothing changed");

        Path repo = tmp.resolve("repo");
        Repositories.create(repo, TestIds.options()).close();
        e = assertThrows(AlreadyExistsException.class, () -> Repositories.create(repo, TestIds.options()));
        assertTrue(e.getMessage().contains("A repository already exists at " + repo), e.getMessage());
        Path inner = repo.resolve("data").resolve("inner");
        e = assertThrows(AlreadyExistsException.class, () -> Repositories.create(inner, TestIds.options()));
        assertTrue(e.getMessage().contains("A repository already exists at " + repo), e.getMessage());
        assertFalse(Files.exists(inner));

        Path orphan = tmp.resolve("missing-parent").resolve("repo");
        e = assertThrows(AlreadyExistsException.class, () -> Repositories.create(orphan, TestIds.options()));
        assertTrue(e.getMessage().contains("parent path"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Repositories.create(tmp.resolve("bad"), TestIds.options().withMaxSegmentSize(5_000_000_000L)));
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void createInAnEmptyDirectoryWritesBorgsFiles() throws IOException {
        Path empty = tmp.resolve("empty");
        Files.createDirectory(empty);
        Repositories.create(empty, TestIds.options().withAppendOnly(true).withStorageQuota(20_000_000)).close();
        String config = Files.readString(empty.resolve("config"));
        assertTrue(config.startsWith("[repository]\nversion = 1\nsegments_per_dir = 1000\nmax_segment_size = 524288000\n"
                + "append_only = 1\nstorage_quota = 20000000\nadditional_free_space = 0\nid = "), config);
        assertEquals("This is a Borg Backup repository.\nSee https://borgbackup.readthedocs.io/\n",
                Files.readString(empty.resolve("README")));
        assertTrue(Files.exists(empty.resolve("transactions")), "append-only: transactions log");
    }

    @Test
    void openRefusesMissingPathsNonRepositoriesAndBadConfigsWithoutTouchingThem() throws IOException {
        Path missing = tmp.resolve("missing");
        DoesNotExistException d = assertThrows(DoesNotExistException.class, () -> Repositories.open(missing, TestIds.options()));
        assertTrue(d.getMessage().contains(missing.toString()), d.getMessage());

        Path plain = tmp.resolve("plain");
        Files.createDirectory(plain);
        InvalidRepositoryException i = assertThrows(InvalidRepositoryException.class,
                () -> Repositories.open(plain, TestIds.options()));
        assertTrue(i.getMessage().contains(plain + " is not a valid repository"), i.getMessage());
        assertEquals(List.of(""), tree(plain), "no lock files left in a non-repository");

        Path repo = tmp.resolve("repo");
        Repositories.create(repo, TestIds.options()).close();
        Path config = repo.resolve("config");
        String good = Files.readString(config);
        Files.writeString(config, good.replace("version = 1", "version = 2"));
        List<String> before = tree(repo);
        i = assertThrows(InvalidRepositoryException.class, () -> Repositories.open(repo, TestIds.options()));
        assertTrue(i.getMessage().contains(repo.toString()) && i.getMessage().contains("version"), i.getMessage());
        assertEquals(before, tree(repo), "nothing changed on disk");

        Files.writeString(config, "[other]\nx = 1\n");
        i = assertThrows(InvalidRepositoryException.class, () -> Repositories.open(repo, TestIds.options()));
        assertTrue(i.getMessage().contains("no [repository] section"), i.getMessage());
        Files.writeString(config, good);
        Repositories.open(repo, TestIds.options()).close();
    }

    @Test
    void anIndexWithoutAnyCommittedSegmentNeedsCheck() throws IOException {
        Path repo = tmp.resolve("repo");
        Repositories.create(repo, TestIds.options()).close();
        Files.delete(repo.resolve("data/0/0"));
        Files.write(repo.resolve("data/0/1"), new byte[] {1, 2, 3});
        CheckNeededException e = assertThrows(CheckNeededException.class, () -> Repositories.open(repo, TestIds.options()));
        assertTrue(e.getMessage().contains("borg check"), e.getMessage());
    }

    @Test
    void appendOnlyRefusesCompactionAndDestroyAndCannotBeTurnedOffByOptions() {
        Path repo = tmp.resolve("repo");
        Repositories.create(repo, TestIds.options().withAppendOnly(true)).close();
        try (Repository r = Repositories.open(repo, TestIds.options().withAppendOnly(false))) {
            assertTrue(r.isAppendOnly());
            assertThrows(AppendOnlyException.class, () -> r.compact(0.1, ProgressListener.NONE, Cancellation.NEVER));
            try (Transaction t = r.begin()) {
                t.put(TestIds.id("a"), new byte[10]);
                t.commit();
            }
        }
        assertThrows(AppendOnlyException.class, () -> Repositories.destroy(repo, TestIds.options()));
        assertTrue(Files.exists(repo.resolve("config")));

        Path normal = tmp.resolve("normal");
        Repositories.create(normal, TestIds.options()).close();
        try (Repository r = Repositories.open(normal, TestIds.options().withAppendOnly(true))) {
            assertTrue(r.isAppendOnly(), "options can turn it on");
        }
        assertThrows(AppendOnlyException.class, () -> Repositories.destroy(normal, TestIds.options().withAppendOnly(true)));
        Repositories.destroy(normal, TestIds.options());
        assertFalse(Files.exists(normal));
    }

    @Test
    void sharedSessionReadsThenUpgradesForItsFirstWrite() throws IOException {
        Path repo = tmp.resolve("repo");
        Repositories.create(repo, TestIds.options()).close();
        try (Repository r = Repositories.open(repo, TestIds.options().withExclusive(false))) {
            assertTrue(Files.readString(repo.resolve("lock.roster"), StandardCharsets.UTF_8).contains("shared"));
            try (Transaction t = r.begin()) {
                t.put(TestIds.id("a"), new byte[10]);
                t.commit();
            }
            assertTrue(Files.readString(repo.resolve("lock.roster"), StandardCharsets.UTF_8).contains("exclusive"));
            assertTrue(r.contains(TestIds.id("a")));
        }
        assertFalse(Files.exists(repo.resolve("lock.exclusive")));
    }
}
