package org.repono.engine.txn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.repono.engine.AlreadyExistsException;
import org.repono.engine.DoesNotExistException;
import org.repono.engine.InvalidRepositoryException;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.format.ConfigFormatException;
import org.repono.engine.format.DurableFiles;
import org.repono.engine.format.FileAccessException;
import org.repono.engine.format.RepositoryConfig;
import org.repono.engine.format.RepositoryReadme;
import org.repono.engine.format.SegmentEntry;

/**
 * The repository directory as borg init creates it and borg open accepts it: the checks (with borg's messages)
 * that run before anything on disk is touched, the creation of README, config and data/, and destroy.
 */
final class RepositoryLayout {
    private static final byte[] ATTIC_MAGIC = "ATTICSEG".getBytes(StandardCharsets.US_ASCII);

    private RepositoryLayout() {
    }

    /**
     * borg's open checks that need no lock: the path exists, is a directory and has a config - and that config is
     * valid, checked here already (and read again under the lock) so that a bad one is refused before the lock
     * files are created: bad input leaves no trace on disk.
     */
    static void requireOpenable(Path path) {
        if (!Files.exists(path)) {
            throw new DoesNotExistException(path, "Repository " + path + " does not exist.");
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidRepositoryException(path, path + " is not a valid repository. Check repo config.");
        }
        if (!Files.isRegularFile(path.resolve("config"))) {
            throw new InvalidRepositoryException(path, path + " is not a valid repository. Check repo config. (no config file)");
        }
        readConfig(path);
    }

    /** Reads and validates the config, naming the path in every error (borg: InvalidRepository(Config)). */
    static RepositoryConfig readConfig(Path path) {
        try {
            return RepositoryConfig.read(path.resolve("config"));
        } catch (ConfigFormatException e) {
            throw new InvalidRepositoryException(path, path + " does not have a valid configuration. Check repo config ["
                    + e.getMessage() + "].", e);
        } catch (FileAccessException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                throw new InvalidRepositoryException(path, path + " is not a valid repository. Check repo config.", e);
            }
            throw new InvalidRepositoryException(path, "cannot read the config of " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean hasAtticMagic(Path segment) {
        try (InputStream in = Files.newInputStream(segment)) {
            return Arrays.equals(in.readNBytes(SegmentEntry.MAGIC_SIZE), ATTIC_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks the options of a create before anything is written. */
    static void requireCreatable(Path path, RepositoryOptions options) {
        if (options.maxSegmentSize() < 0 || options.maxSegmentSize() >= RepositoryConfig.MAX_SEGMENT_SIZE_LIMIT) {
            throw new IllegalArgumentException("max_segment_size must be between 1 and "
                    + (RepositoryConfig.MAX_SEGMENT_SIZE_LIMIT - 1) + " (0 = borg's default), got " + options.maxSegmentSize());
        }
        if (options.segmentsPerDir() < 0) {
            throw new IllegalArgumentException("segments_per_dir must be positive (0 = borg's default), got "
                    + options.segmentsPerDir());
        }
        if (options.storageQuota() < 0) {
            throw new IllegalArgumentException("storage_quota must not be negative, got " + options.storageQuota());
        }
        // borg's check_can_create_repository: nothing (but an empty directory) at path, no repository above it
        if (Files.exists(path)) {
            if (RepositoryReadme.isRepository(path)) {
                throw new AlreadyExistsException(path, "A repository already exists at " + path + ".");
            }
            if (!Files.isDirectory(path) || !isEmptyDirectory(path)) {
                throw new AlreadyExistsException(path, "There is already something at " + path + ".");
            }
        }
        for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
            if (RepositoryReadme.isRepository(parent)) {
                throw new AlreadyExistsException(path, "A repository already exists at " + parent + ".");
            }
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new AlreadyExistsException(path, "The parent path of the repo directory [" + path + "] does not exist.");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * borg init's files: the directory (0700), README, data/ and config (all 1.2.4 keys, random id).
     *
     * @return whether the directory itself was created (so a failed create can remove it)
     */
    static boolean createFiles(Path path, RepositoryOptions options) throws IOException {
        boolean created = false;
        if (!Files.exists(path)) {
            try {
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(path);
            }
            created = true;
        }
        Files.write(path.resolve("README"), RepositoryReadme.bytes());
        try {
            Files.createDirectory(path.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(path.resolve("data"));
        }
        RepositoryConfig config = RepositoryConfig.newForInit(options.appendOnly(), options.storageQuota(),
                options.maxSegmentSize(), options.segmentsPerDir());
        config.write(path);
        DurableFiles.fsyncDirectory(path);
        return created;
    }

    /** Deletes the repository directory: config first (so a half-destroyed one is no repository), then the rest. */
    static void deleteTree(Path path) throws IOException {
        Files.deleteIfExists(path.resolve("config"));
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
