package org.repono.engine.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory tree as bytes on disk: for every entry its relative name, kind, size, modification time and (files)
 * sha256. Two snapshots of an untouched tree are equal; any create, delete, rewrite or touch shows.
 */
final class DirectorySnapshot {
    private final Path root;
    private final Map<String, String> entries;

    private DirectorySnapshot(Path root, Map<String, String> entries) {
        this.root = root;
        this.entries = entries;
    }

    static DirectorySnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String kind = a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other";
                String line = kind + " size=" + (a.isDirectory() ? "-" : a.size()) + " mtime=" + a.lastModifiedTime().toInstant()
                        + (a.isRegularFile() ? " sha256=" + sha256(p) : "");
                entries.put(root.relativize(p).toString(), line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirectorySnapshot(root, entries);
    }

    /**
     * The same without the root directory's modification time: opening a repository takes borg's lock, whose
     * {@code lock.exclusive} and {@code lock.roster} are created in the root and removed again, which moves that one
     * time even when everything else is left as it was (borg's open does the same).
     */
    DirectorySnapshot withoutRootMtime() {
        Map<String, String> copy = new TreeMap<>(entries);
        copy.computeIfPresent("", (k, v) -> v.replaceAll(" mtime=\\S+", " mtime=(lock)"));
        return new DirectorySnapshot(root, copy);
    }

    /** Null when equal, else every entry that differs. */
    String differenceTo(DirectorySnapshot after) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> all = new TreeMap<>(entries);
        after.entries.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            String was = entries.get(name);
            String now = after.entries.get(name);
            if (!Objects.equals(was, now)) {
                sb.append("\n  ").append(name.isEmpty() ? "." : name).append(": ")
                        .append(was == null ? "(absent)" : was).append(" -> ").append(now == null ? "(absent)" : now);
            }
        }
        return sb.length() == 0 ? null : "under " + root + ":" + sb;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
