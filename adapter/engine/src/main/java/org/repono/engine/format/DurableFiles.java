package org.repono.engine.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * The durable file steps borg uses for small repository files: fsync of a file and of its directory,
 * borg's SaveFile (temp file in the same dir, fsync, rename over the target, fsync dir), secure erase.
 * Files are created 0600 (borg's umask 077) where the file system has POSIX permissions.
 */
public final class DurableFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TEMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    private DurableFiles() {
    }

    /** fsync of a directory (makes renames and unlinks in it durable). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new FileAccessException(dir, "fsync directory", e);
        }
    }

    /** Opens a new file for writing, failing if it exists; mode 0600 where supported. */
    public static FileChannel createExclusive(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return FileChannel.open(file, options, mode);
        }
        return FileChannel.open(file, options);
    }

    /** Opens (creating or truncating) a file for writing; a created file gets mode 0600 where supported. */
    public static FileChannel createOrTruncate(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return FileChannel.open(file, options, mode);
        }
        return FileChannel.open(file, options);
    }

    /**
     * borg's SaveFile: writes {@code content} to {@code <name>-XXXXXXXX.tmp} beside {@code target}, fsyncs it,
     * renames it over {@code target} and fsyncs the directory. The temp file is removed on failure.
     */
    public static void replaceAtomically(Path target, byte[] content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            FileChannel ch = null;
            for (int attempt = 0; ch == null; attempt++) {
                temp = dir.resolve(target.getFileName() + "-" + randomName(8) + ".tmp");
                try {
                    ch = createExclusive(temp);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
            try (FileChannel out = ch) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new FileAccessException(target, "write", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
            fsyncDirectory(dir);
        }
    }

    /**
     * borg's secure_erase(avoid_collateral_damage=True): overwrite with random bytes and fsync unless other
     * hard links share the inode, then unlink.
     */
    public static void secureErase(Path file) {
        try {
            Object links = Files.getFileStore(file).supportsFileAttributeView("unix")
                    ? Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS) : 1;
            if (((Number) links).intValue() <= 1) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    long size = ch.size();
                    byte[] noise = new byte[(int) Math.min(size, 1 << 16)];
                    long at = 0;
                    while (at < size) {
                        RANDOM.nextBytes(noise);
                        ByteBuffer buf = ByteBuffer.wrap(noise, 0, (int) Math.min(noise.length, size - at));
                        while (buf.hasRemaining()) {
                            at += ch.write(buf, at);
                        }
                    }
                    ch.force(true);
                }
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new FileAccessException(file, "securely erase", e);
        }
    }

    /** Random lower-case name characters, as mkstemp uses. */
    public static String randomName(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(TEMP_CHARS.charAt(RANDOM.nextInt(TEMP_CHARS.length())));
        }
        return sb.toString();
    }
}
