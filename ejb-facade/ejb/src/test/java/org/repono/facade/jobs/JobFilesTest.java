package org.repono.facade.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.repono.facade.CheckProblemView;
import org.repono.facade.JobResultView;
import org.repono.facade.JobView;

class JobFilesTest {

    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path folder;

    private static JobView finished(String id, Instant created, JobResultView result) {
        Job job = Job.queued(id, "main", JobKind.REPAIR, null, "manual", "alice", created);
        job.start(created.plusSeconds(1));
        job.progress(0.5, 10, 20);
        job.end(JobState.SUCCEEDED, result, created.plusSeconds(2));
        return job.view(created.plusSeconds(3));
    }

    @Test
    void aJobComesBackAsItWasSavedWithItsProblems() {
        JobResultView result = new JobResultView(2, 1, 0, 0, 7, 0, List.of(
                new CheckProblemView("crc-mismatch", 3, 4096, "segment 3 offset 4096: CRC mismatch", true),
                new CheckProblemView("index-missing", -1, -1, "no index", false)), "Repaired 7 segments.");
        JobView job = finished("a1", T0, result);
        JobFiles files = new JobFiles(folder);

        files.save(job);

        List<JobView> loaded = new JobFiles(folder).load("main");
        assertEquals(1, loaded.size());
        JobView back = loaded.get(0);
        // eta and remainingSeconds are live figures, never kept
        assertEquals(job, back);
        assertEquals(List.of("main"), files.repositories());
    }

    @Test
    void aQueuedJobWithoutResultIsKeptToo() {
        JobView queued = Job.queued("q1", "main", JobKind.COMPACT, 0.3, "schedule", null, T0).view(T0);
        JobFiles files = new JobFiles(folder);

        files.save(queued);

        assertEquals(List.of(queued), files.load("main"));
    }

    @Test
    void newestFirstAndASavedJobIsReplacedNotDuplicated() {
        JobFiles files = new JobFiles(folder);
        JobView old = finished("old", T0, JobResultView.failure("one"));
        JobView young = finished("young", T0.plusSeconds(60), JobResultView.failure("two"));
        files.save(old);
        files.save(young);
        files.save(finished("old", T0, JobResultView.failure("one again")));

        List<JobView> loaded = files.load("main");

        assertEquals(List.of("young", "old"), loaded.stream().map(JobView::id).toList());
        assertEquals("one again", loaded.get(1).result().message());
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheOthersStillLoad() throws IOException {
        JobFiles files = new JobFiles(folder);
        files.save(finished("good", T0, JobResultView.failure("fine")));
        Files.writeString(folder.resolve("main").resolve("bad.json"), "{\"id\": \"bad\", \"trunc");
        Files.writeString(folder.resolve("main").resolve("other.json"), "{\"id\": 3}");

        assertEquals(List.of("good"), files.load("main").stream().map(JobView::id).toList());
    }

    @Test
    void aRecordUnderAnotherNameIsIgnored() throws IOException {
        JobFiles files = new JobFiles(folder);
        files.save(finished("real", T0, JobResultView.failure("fine")));
        Files.copy(folder.resolve("main/real.json"), folder.resolve("main/copy.json"));

        assertEquals(List.of("real"), files.load("main").stream().map(JobView::id).toList());
    }

    @Test
    void noRepositoryNameOrJobIdReachesOutsideTheFolder() {
        JobFiles files = new JobFiles(folder.resolve("jobs"));
        JobView escaping = Job.queued("x", "main", JobKind.CHECK, null, "manual", "a", T0).view(T0);

        assertThrows(IllegalArgumentException.class, () -> files.load("../etc"));
        assertThrows(IllegalArgumentException.class, () -> files.delete("main", "../../x"));
        assertThrows(IllegalArgumentException.class, () -> files.save(new JobView("../x", "main", "check", null,
                "manual", "a", "queued", false, 0, 0, 0, T0, null, null, null, null, 0, null)));
        assertThrows(IllegalArgumentException.class, () -> files.save(new JobView("x", "..", "check", null,
                "manual", "a", "queued", false, 0, 0, 0, T0, null, null, null, null, 0, null)));
        assertFalse(Files.exists(folder.resolve("x.json")));
        files.save(escaping);
        assertTrue(Files.isRegularFile(folder.resolve("jobs/main/x.json")));
    }

    @Test
    void deletingForgetsTheRecord() {
        JobFiles files = new JobFiles(folder);
        files.save(finished("gone", T0, JobResultView.failure("x")));

        files.delete("main", "gone");

        assertEquals(List.of(), files.load("main"));
    }

    @Test
    void aFolderThatDoesNotExistHoldsNoJobs() {
        JobFiles files = new JobFiles(folder.resolve("missing"));

        assertEquals(List.of(), files.repositories());
        assertEquals(List.of(), files.load("main"));
    }
}
