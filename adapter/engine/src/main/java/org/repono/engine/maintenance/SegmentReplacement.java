package org.repono.engine.maintenance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.repono.engine.format.DurableFiles;
import org.repono.engine.format.SegmentEntry;

/**
 * Replaces a damaged segment file by its survivors as borg's {@code recover_segment} does (temp file in the
 * same folder, fsync, rename over the original, fsync of the folder), after first keeping the original as
 * evidence. A crash at any point leaves either the original or the recovered file under the segment's name.
 */
final class SegmentReplacement {
    private SegmentReplacement() {
    }

    /** @return where the original was kept */
    static Path replace(Path original, long segment, SegmentSurvivors survivors, Evidence evidence) throws IOException {
        Path dir = original.getParent();
        Path temp = null;
        FileChannel out = null;
        try {
            while (out == null) {
                temp = dir.resolve(original.getFileName() + "-" + DurableFiles.randomName(8) + ".tmp");
                try {
                    out = DurableFiles.createExclusive(temp);
                } catch (FileAlreadyExistsException e) {
                    temp = null;
                }
            }
            try (FileChannel dst = out; FileChannel src = FileChannel.open(original, StandardOpenOption.READ)) {
                writeFully(dst, ByteBuffer.wrap(SegmentEntry.MAGIC));
                for (int i = 0; i < survivors.count; i++) {
                    copy(src, survivors.from[i], survivors.sizes[i], dst);
                }
                if (dst.size() != survivors.newSize) {
                    throw new IOException("recovered segment " + segment + " has " + dst.size() + " bytes, expected "
                            + survivors.newSize);
                }
                dst.force(true);
            }
            Path kept = evidence.link(original, segment);
            try {
                Files.move(temp, original, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, original, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            DurableFiles.fsyncDirectory(dir);
            return kept;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes a new segment file holding nothing but a COMMIT (borg's "Adding commit tag"). */
    static void writeCommitSegment(Path file) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            }
            DurableFiles.fsyncDirectory(dir.getParent());
        }
        try (FileChannel ch = DurableFiles.createExclusive(file)) {
            ByteBuffer buf = ByteBuffer.allocate(SegmentEntry.MAGIC_SIZE + SegmentEntry.HEADER_SIZE);
            buf.put(SegmentEntry.MAGIC).put(SegmentEntry.COMMIT_ENTRY).flip();
            writeFully(ch, buf);
            ch.force(false);
        }
        DurableFiles.fsyncDirectory(file.getParent());
    }

    private static void copy(FileChannel src, long from, int size, FileChannel dst) throws IOException {
        long done = 0;
        while (done < size) {
            long n = src.transferTo(from + done, size - done, dst);
            if (n <= 0) {
                throw new IOException("segment ended while copying " + size + " bytes from offset " + from);
            }
            done += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
