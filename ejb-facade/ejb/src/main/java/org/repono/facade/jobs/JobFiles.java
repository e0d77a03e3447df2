package org.repono.facade.jobs;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.repono.facade.JobView;
import org.repono.facade.RepositoryNames;

/**
 * The job history on disk: {@code <folder>/<repository>/<job id>.json}, one file per job, rewritten whole (a
 * temporary file renamed over the old one, so a crash leaves the old or the new record, never half of one).
 */
public final class JobFiles {

    private static final Logger LOG = Logger.getLogger(JobFiles.class.getName());
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String SUFFIX = ".json";

    private final Path folder;

    public JobFiles(Path folder) {
        this.folder = folder;
    }

    public static boolean validId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    /** Writes the job's record, replacing the previous one. */
    public void save(JobView job) {
        Path file = file(job.repository(), job.id());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 JsonWriter writer = Json.createWriter(out)) {
                writer.writeObject(JobJson.write(job));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job record " + file, e);
        }
    }

    public void delete(String repository, String id) {
        try {
            Files.deleteIfExists(file(repository, id));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the job record of " + id, e);
        }
    }

    /** The repositories that have records. */
    public List<String> repositories() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (RepositoryNames.valid(name)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the job records in " + folder, e);
        }
        return names;
    }

    /**
     * Every readable record of the repository, newest first (by created). An unreadable record is skipped with a
     * warning: the history is an account, not something to fail the server for.
     */
    public List<JobView> load(String repository) {
        List<JobView> jobs = new ArrayList<>();
        Path dir = folder.resolve(checkedName(repository));
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
                    JobView job = JobJson.read(reader.readObject());
                    if (repository.equals(job.repository()) && file.getFileName().toString().equals(job.id() + SUFFIX)) {
                        jobs.add(job);
                    } else {
                        LOG.warning("ignoring the job record " + file + ": it names job " + job.id() + " of "
                                + job.repository());
                    }
                } catch (IOException | JsonException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "ignoring the unreadable job record " + file, e);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the job records in " + dir, e);
        }
        jobs.sort(Comparator.comparing(JobView::created).reversed());
        return jobs;
    }

    private Path file(String repository, String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException("a job id is 1 to 64 letters, digits, '_' or '-', not '" + id + "'");
        }
        return folder.resolve(checkedName(repository)).resolve(id + SUFFIX);
    }

    private static String checkedName(String repository) {
        if (!RepositoryNames.valid(repository)) {
            throw new IllegalArgumentException("not a repository name: '" + repository + "'");
        }
        return repository;
    }
}
