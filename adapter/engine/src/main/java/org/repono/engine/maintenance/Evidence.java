package org.repono.engine.maintenance;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.repono.engine.format.DurableFiles;

/**
 * {@code <repo>/repono/evidence/}: where a repair keeps the segment files it replaces or removes, named
 * {@code <segment>.<UTC time of the repair>}. Outside {@code data/}, so borg never reads or deletes them; they
 * stay until an operator removes them (a repair that went wrong can then still be undone by hand).
 */
final class Evidence {
    static final String DIR = "repono/evidence";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String stamp;
    private boolean created;

    Evidence(Path repo, Instant now) {
        this.dir = repo.resolve(DIR);
        this.stamp = STAMP.format(now);
    }

    Path dir() {
        return dir;
    }

    /** Keeps the current bytes of {@code file} (segment {@code segment}) by a hard link (a copy where links fail). */
    Path link(Path file, long segment) throws IOException {
        Path target = reserve(segment);
        try {
            Files.createLink(target, file);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            try (var ch = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        DurableFiles.fsyncDirectory(dir);
        return target;
    }

    /** Moves {@code file} (segment {@code segment}) out of data/ into the evidence folder. */
    Path move(Path file, long segment) throws IOException {
        Path target = reserve(segment);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
        DurableFiles.fsyncDirectory(dir);
        DurableFiles.fsyncDirectory(file.getParent());
        return target;
    }

    private Path reserve(long segment) throws IOException {
        if (!created) {
            Path parent = dir.getParent();
            createDirectory(parent);
            createDirectory(dir);
            DurableFiles.fsyncDirectory(parent.getParent());
            DurableFiles.fsyncDirectory(parent);
            created = true;
        }
        Path target = dir.resolve(segment + "." + stamp);
        for (int n = 1; Files.exists(target); n++) {
            target = dir.resolve(segment + "." + stamp + "-" + n);
        }
        return target;
    }

    private static void createDirectory(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return;
        }
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(path);
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile: fine
        }
    }
}
