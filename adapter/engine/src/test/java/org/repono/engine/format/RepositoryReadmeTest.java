package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryReadmeTest {

    @TempDir
    Path tmp;

    @Test
    void textIsWhatBorgWrites() throws IOException {
        for (String fixture : Fixtures.NAMES) {
            assertArrayEquals(Files.readAllBytes(Fixtures.repo(fixture).resolve("README")), RepositoryReadme.bytes(), fixture);
            assertTrue(RepositoryReadme.isRepository(Fixtures.repo(fixture)));
        }
        assertEquals(73, RepositoryReadme.bytes().length);
    }

    @Test
    void detectionLooksAtTheFirstHundredBytesForEitherText() throws IOException {
        assertFalse(RepositoryReadme.isRepository(tmp), "no README");
        Files.writeString(tmp.resolve("README"), "This is a Borg repository\n");
        assertTrue(RepositoryReadme.isRepository(tmp), "borg 1.0's text");
        Files.writeString(tmp.resolve("README"), "x".repeat(90) + "Borg Backup repository");
        assertFalse(RepositoryReadme.isRepository(tmp), "beyond byte 100");
        Files.writeString(tmp.resolve("README"), "just a folder");
        assertFalse(RepositoryReadme.isRepository(tmp));
    }
}
