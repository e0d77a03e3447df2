package org.repono.engine.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where segment files live and which exist: borg's {@code data/<n / segments_per_dir>/<n>} naming, with only
 * digit-only names counted (in {@code data/} and in {@code data/<d>/}).
 */
public final class SegmentFiles {
    private final Path dataDir;
    private final int segmentsPerDir;

    public SegmentFiles(Path repository, int segmentsPerDir) {
        if (segmentsPerDir <= 0) {
            throw new IllegalArgumentException("segments_per_dir must be positive, got " + segmentsPerDir);
        }
        this.dataDir = repository.resolve("data");
        this.segmentsPerDir = segmentsPerDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int segmentsPerDir() {
        return segmentsPerDir;
    }

    public Path dirOf(long segment) {
        return dataDir.resolve(Long.toString(segment / segmentsPerDir));
    }

    public Path pathOf(long segment) {
        return dirOf(segment).resolve(Long.toString(segment));
    }

    /** Every segment number on disk, ascending; includes 0-byte files (borg lists them too). */
    public long[] list() {
        long[] found = new long[64];
        int n = 0;
        for (long dir : digitNames(dataDir, true)) {
            for (long segment : digitNames(dataDir.resolve(Long.toString(dir)), false)) {
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = segment;
            }
        }
        long[] result = Arrays.copyOf(found, n);
        Arrays.sort(result);
        return result;
    }

    /** The highest segment number on disk, or -1. */
    public long latest() {
        long[] all = list();
        return all.length == 0 ? -1 : all[all.length - 1];
    }

    /** Size of the segment file, or -1 when it does not exist. */
    public long size(long segment) {
        try {
            return Files.size(pathOf(segment));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** borg's segment_exists: present and not empty (a truncated file counts as deleted). */
    public boolean exists(long segment) {
        return size(segment) > 0;
    }

    /** Unlinks one segment file; a missing file is not an error. */
    public void delete(long segment) throws IOException {
        Files.deleteIfExists(pathOf(segment));
    }

    /**
     * Deletes every segment numbered above {@code lastCommitted}, newest first, as borg's cleanup (invariant 2).
     *
     * @return the deleted segment numbers
     */
    public long[] deleteAbove(long lastCommitted, SegmentChannels channels) throws IOException {
        long[] all = list();
        long[] deleted = new long[all.length];
        int n = 0;
        for (int i = all.length - 1; i >= 0 && all[i] > lastCommitted; i--) {
            if (channels != null) {
                channels.evict(all[i]);
            }
            delete(all[i]);
            deleted[n++] = all[i];
        }
        return Arrays.copyOf(deleted, n);
    }

    /** fsync of a directory, so that names created or removed in it are durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = WriteChannels.open(dir, java.util.Set.of(StandardOpenOption.READ))) {
            ch.force(true);
        }
    }

    private static List<Long> digitNames(Path dir, boolean directories) {
        List<Long> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!isDigits(name) || Files.isDirectory(p) != directories) {
                    continue;
                }
                names.add(Long.parseLong(name));
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
