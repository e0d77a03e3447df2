package org.repono.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.repono.engine.CheckProblem;
import org.repono.engine.CheckReport;
import org.repono.engine.DoesNotExistException;
import org.repono.engine.IntegrityException;
import org.repono.engine.InvalidIdException;
import org.repono.engine.InvalidRepositoryException;
import org.repono.engine.ObjectTooLargeException;
import org.repono.engine.ProgressListener;
import org.repono.engine.Cancellation;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.SegmentEntry;
import org.repono.engine.index.IndexFileException;
import org.repono.engine.index.IndexFiles;
import org.repono.engine.log.SegmentFiles;
import org.repono.engine.maintenance.RepositoryCheck;

/**
 * Bad input never changes anything on disk: each case gets an error naming what was wrong, and a snapshot of the
 * directory tree (names, sizes, mtimes, sha256) taken before is identical to one taken after.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    /**
     * Runs {@code action}, which must fail with {@code type}, and checks that the message names every one of
     * {@code mentions} (case-insensitive) and that nothing under {@code tree} changed.
     */
    private static <E extends Throwable> E refusedWithoutChange(Path tree, Class<E> type, Executable action,
                                                                String... mentions) {
        return refused(tree, false, type, action, mentions);
    }

    /**
     * As {@link #refusedWithoutChange}, for damage only found once the repository is locked (segments are read
     * under borg's lock): the lock files must be gone again and every file and every other directory untouched;
     * only the root directory's mtime moved with the lock's coming and going.
     */
    private static <E extends Throwable> E refusedUnderTheLockWithoutChange(Path repo, Class<E> type, Executable action,
                                                                            String... mentions) {
        return refused(repo, true, type, action, mentions);
    }

    private static <E extends Throwable> E refused(Path tree, boolean lockTaken, Class<E> type, Executable action,
                                                   String... mentions) {
        DirectorySnapshot before = DirectorySnapshot.of(tree);
        E e = assertThrows(type, action);
        String message = String.valueOf(e.getMessage());
        for (String m : mentions) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(m.toLowerCase(Locale.ROOT)),
                    "the error should name \"" + m + "\": " + message);
        }
        DirectorySnapshot after = DirectorySnapshot.of(tree);
        if (lockTaken) {
            before = before.withoutRootMtime();
            after = after.withoutRootMtime();
        }
        assertNull(before.differenceTo(after), "changed on disk by a refused " + message);
        return e;
    }

    private Path repositoryWithObjects(int count) {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults())) {
            FullDiskTest.commit(repo, FullDiskTest.objects(new SplittableRandom(count), count, 1000));
        }
        return path;
    }

    // ---- object ids and sizes ----------------------------------------------------------------------

    @Test
    void wrongIdLengthsAreRefusedAndChangeNothing() {
        Path path = repositoryWithObjects(3);
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults());
             Transaction txn = repo.begin()) {
            byte[] data = {1, 2, 3};
            refusedWithoutChange(path, InvalidIdException.class, () -> txn.put(new byte[31], data), "32 bytes", "got 31");
            refusedWithoutChange(path, InvalidIdException.class, () -> txn.put(new byte[33], data), "32 bytes", "got 33");
            refusedWithoutChange(path, InvalidIdException.class, () -> txn.put(null, data), "null");
            refusedWithoutChange(path, InvalidIdException.class,
                    () -> txn.put(new byte[64], new java.io.ByteArrayInputStream(data), 3), "got 64");
            refusedWithoutChange(path, InvalidIdException.class, () -> txn.delete(new byte[16]), "got 16");
            refusedWithoutChange(path, InvalidIdException.class, () -> txn.get(new byte[0]), "got 0");
            refusedWithoutChange(path, InvalidIdException.class, () -> repo.get(new byte[31]), "got 31");
            refusedWithoutChange(path, InvalidIdException.class, () -> repo.contains(new byte[1]), "got 1");
            refusedWithoutChange(path, InvalidIdException.class, () -> repo.objectSize(new byte[40]), "got 40");
            refusedWithoutChange(path, InvalidIdException.class, () -> repo.openStream(new byte[2]), "got 2");
            refusedWithoutChange(path, InvalidIdException.class, () -> repo.list(10, new byte[5]), "got 5");
            assertTrue(txn.isReadOnly(), "nothing was staged");
        }
    }

    @Test
    void anOversizedObjectIsRefusedAndChangesNothing() {
        Path path = repositoryWithObjects(3);
        int tooLarge = SegmentEntry.MAX_DATA_SIZE + 1;
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults().withSpillBytes(1 << 20));
             Transaction txn = repo.begin()) {
            byte[] id = new byte[32];
            refusedWithoutChange(path, ObjectTooLargeException.class, () -> txn.put(id, new byte[tooLarge]),
                    Integer.toString(tooLarge), Integer.toString(SegmentEntry.MAX_DATA_SIZE));
            InputStream neverRead = new InputStream() {
                @Override
                public int read() {
                    throw new AssertionError("the data of an oversized object was read");
                }
            };
            refusedWithoutChange(path, ObjectTooLargeException.class, () -> txn.put(id, neverRead, tooLarge),
                    Integer.toString(tooLarge));
            refusedWithoutChange(path, ObjectTooLargeException.class, () -> txn.put(id, neverRead, Long.MAX_VALUE),
                    Long.toString(Long.MAX_VALUE));
            assertTrue(txn.isReadOnly(), "nothing was staged");
        }
    }

    // ---- paths that are not repositories -------------------------------------------------------------

    @Test
    void aMissingPathIsRefusedAndNothingIsCreated() {
        Path missing = tmp.resolve("no-such-repo");
        refusedWithoutChange(tmp, DoesNotExistException.class,
                () -> Repositories.open(missing, RepositoryOptions.defaults()), missing.toString(), "does not exist");
        refusedWithoutChange(tmp, DoesNotExistException.class,
                () -> Repositories.destroy(missing, RepositoryOptions.defaults()), "does not exist");
    }

    @Test
    void anOrdinaryDirectoryIsRefusedNotLockedAndNotDestroyed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("photos"));
        Files.writeString(dir.resolve("README"), "my holiday pictures\n");
        Files.write(dir.resolve("beach.jpg"), new byte[5000]);
        Files.createDirectory(dir.resolve("data"));
        refusedWithoutChange(tmp, InvalidRepositoryException.class,
                () -> Repositories.open(dir, RepositoryOptions.defaults()), dir.toString(), "not a valid repository");
        refusedWithoutChange(tmp, InvalidRepositoryException.class,
                () -> Repositories.destroy(dir, RepositoryOptions.defaults()), "not a valid repository");
        Path file = Files.writeString(tmp.resolve("a-file"), "just text\n");
        refusedWithoutChange(tmp, InvalidRepositoryException.class,
                () -> Repositories.open(file, RepositoryOptions.defaults()), file.toString(), "not a valid repository");
    }

    // ---- damaged config ----------------------------------------------------------------------------

    /** A config that is not what borg writes, and the word the error must name. */
    static Stream<List<String>> badConfigs() {
        String good = "[repository]\nversion = 1\nsegments_per_dir = 1000\nmax_segment_size = 524288000\n"
                + "append_only = 0\nstorage_quota = 0\nadditional_free_space = 0\n"
                + "id = 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\n";
        return Stream.of(
                List.of("garbage bytes", "\u0000\u00ff\u0013garbage\u0001\n\u0002", "config"),
                List.of("no section", good.replace("[repository]\n", ""), "config"),
                List.of("no id", good.replaceAll("id = [0-9a-f]+\n", ""), "id"),
                List.of("id not hex", good.replaceAll("id = [0-9a-f]+", "id = not-hex"), "id"),
                List.of("no segments_per_dir", good.replace("segments_per_dir = 1000\n", ""), "segments_per_dir"),
                List.of("segments_per_dir not a number", good.replace("segments_per_dir = 1000", "segments_per_dir = lots"),
                        "segments_per_dir"),
                List.of("no max_segment_size", good.replace("max_segment_size = 524288000\n", ""), "max_segment_size"),
                List.of("no version", good.replace("version = 1\n", ""), "version"),
                List.of("version 2", good.replace("version = 1", "version = 2"), "version"),
                List.of("empty", "", "config"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void aDamagedConfigIsRefusedAndChangesNothing(List<String> config) throws IOException {
        Path path = repositoryWithObjects(2);
        Files.write(path.resolve("config"), config.get(1).getBytes(StandardCharsets.ISO_8859_1));
        refusedWithoutChange(path, InvalidRepositoryException.class,
                () -> Repositories.open(path, RepositoryOptions.defaults()), path.toString(), config.get(2));
    }

    // ---- damaged segments and index files -----------------------------------------------------------

    @Test
    void aSegmentWithAWrongMagicIsRefusedAndChangesNothing() throws IOException {
        Path path = tmp.resolve("repo");
        try (Repository repo = Repositories.create(path, RepositoryOptions.defaults())) {
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 3; i++) {
                FullDiskTest.commit(repo, FullDiskTest.objects(random, 2, 1000));
            }
        }
        deleteIndexFiles(path);  // derived data (invariant 3): the next open replays every segment
        SegmentFiles files = new SegmentFiles(path, RepositoryConfig.DEFAULT_SEGMENTS_PER_DIR);
        long[] segments = files.list();
        long damaged = segments[segments.length - 4];  // the data segment of the second-to-last commit
        assertTrue(Files.size(files.pathOf(damaged)) > 1000, "a data segment");
        overwrite(files.pathOf(damaged), 0, "BORG_SEX".getBytes(StandardCharsets.US_ASCII));
        refusedUnderTheLockWithoutChange(path, IntegrityException.class,
                () -> Repositories.open(path, RepositoryOptions.defaults()), "segment " + damaged, "magic");
    }

    @Test
    void anIndexWithAWrongHeaderIsReportedByCheckAndChangesNothing() throws IOException {
        Path path = repositoryWithObjects(4);
        long tid = IndexFiles.newestIndexTransaction(path);
        Path index = IndexFiles.indexFile(path, tid);
        overwrite(index, 0, "NOT_IDX!".getBytes(StandardCharsets.US_ASCII));

        IndexFileException e = refusedWithoutChange(path, IndexFileException.class,
                () -> IndexFiles.readIndex(path, tid), index.getFileName().toString());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("magic")
                        || e.getMessage().toLowerCase(Locale.ROOT).contains("header")
                        || e.getMessage().toLowerCase(Locale.ROOT).contains("integrity"),
                "the error says what is wrong with the file: " + e.getMessage());

        // borg check --repository-only's counterpart only reads: it reports the file and leaves it
        DirectorySnapshot before = DirectorySnapshot.of(path);
        RepositoryConfig config = RepositoryConfig.read(path.resolve("config"));
        CheckReport report = new RepositoryCheck(path, config, 2).check(null, -1, ProgressListener.NONE, Cancellation.NEVER);
        assertNull(before.differenceTo(DirectorySnapshot.of(path)), "check changed the repository");
        assertTrue(report.problems().stream().map(CheckProblem::message).anyMatch(m -> m.contains("index." + tid)),
                "check names the damaged index: " + report.problems());
    }

    /**
     * What open does with the same damage: the index is derived data (invariant 3), so open rebuilds it from the
     * segments, as borg does, and every object is still there.
     */
    @Test
    void invariant3_anIndexWithAWrongHeaderIsRebuiltFromTheSegmentsAtOpen() throws IOException {
        Path path = repositoryWithObjects(4);
        Map<String, String> content;
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            content = StoredObjects.read(repo);
        }
        long tid = IndexFiles.newestIndexTransaction(path);
        overwrite(IndexFiles.indexFile(path, tid), 0, "NOT_IDX!".getBytes(StandardCharsets.US_ASCII));
        try (Repository repo = Repositories.open(path, RepositoryOptions.defaults())) {
            assertEquals(content, StoredObjects.read(repo));
            repo.checkpoint();  // the rebuilt index written out, for check to compare
            CheckReport report = repo.check(false, null, null);
            assertTrue(report.clean(), () -> "check after the rebuild: " + report.problems());
        }
        if (BorgCommand.available()) {
            new BorgCommand(tmp.resolve("borg-base")).requireCleanCheck(path, "after the index was rebuilt");
        }
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private static void deleteIndexFiles(Path repo) throws IOException {
        try (Stream<Path> files = Files.list(repo)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("index.") || name.startsWith("hints.") || name.startsWith("integrity.")) {
                    Files.delete(p);
                }
            }
        }
    }
}
