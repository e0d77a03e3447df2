package org.repono.engine.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code README} file borg writes into every repository, and borg's test for "is a repository". */
public final class RepositoryReadme {

    /** Exactly what borg 1.2.4 writes (73 bytes). */
    public static final String TEXT = "This is a Borg Backup repository.\nSee https://borgbackup.readthedocs.io/\n";

    private static final byte[] MARKER = "Borg Backup repository".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER_1_0 = "Borg repository".getBytes(StandardCharsets.US_ASCII);

    private RepositoryReadme() {
    }

    public static byte[] bytes() {
        return TEXT.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code dir/README}'s first 100 bytes contain "Borg Backup repository" or (1.0) "Borg repository". */
    public static boolean isRepository(Path dir) {
        Path readme = dir.resolve("README");
        if (!Files.isRegularFile(readme)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(readme)) {
            head = in.readNBytes(100);
        } catch (IOException e) {
            return false;
        }
        return contains(head, MARKER) || contains(head, MARKER_1_0);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
