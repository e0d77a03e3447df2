package org.repono.facade.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.facade.ScheduleView;

class ScheduleFilesTest {

    @TempDir
    Path folder;

    @Test
    void aSavedScheduleComesBackWithItsTime() {
        ScheduleFiles files = new ScheduleFiles(folder.resolve("schedules"));
        ScheduleFiles.Saved saved = new ScheduleFiles.Saved(new ScheduleView(new ScheduleView.Check(true, 6),
                new ScheduleView.Compaction(true, 0.5, 24), null, null), Instant.parse("2024-05-01T12:00:00Z"));

        files.save("main", saved);

        assertEquals(Optional.of(saved), new ScheduleFiles(folder.resolve("schedules")).load("main"));
        assertEquals(List.of("main"), files.repositories());
    }

    @Test
    void noFileMeansNoSavedSchedule() {
        assertEquals(Optional.empty(), new ScheduleFiles(folder).load("main"));
    }

    @Test
    void anUnreadableFileCountsAsNone() throws IOException {
        Files.writeString(folder.resolve("main.json"), "{\"check\": {\"enabled\": tr");

        assertEquals(Optional.empty(), new ScheduleFiles(folder).load("main"));
    }

    @Test
    void aRepositoryNameCannotReachOutsideTheFolder() {
        ScheduleFiles files = new ScheduleFiles(folder.resolve("schedules"));

        assertThrows(IllegalArgumentException.class, () -> files.load("../main"));
        assertThrows(IllegalArgumentException.class, () -> files.save("a/b",
                new ScheduleFiles.Saved(ScheduleView.defaults(), Instant.EPOCH)));
        assertTrue(Files.notExists(folder.resolve("schedules")));
    }
}
