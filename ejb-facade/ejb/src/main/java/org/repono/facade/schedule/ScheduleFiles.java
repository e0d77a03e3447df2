package org.repono.facade.schedule;

import jakarta.json.Json;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.repono.facade.RepositoryNames;
import org.repono.facade.ScheduleView;

/**
 * The schedules on disk: {@code <folder>/<repository>.json}, the schedule and when it was saved (the anchor of
 * its intervals), replaced whole through a temporary file.
 */
public final class ScheduleFiles {

    private static final Logger LOG = Logger.getLogger(ScheduleFiles.class.getName());
    private static final String SUFFIX = ".json";

    private final Path folder;

    public ScheduleFiles(Path folder) {
        this.folder = folder;
    }

    /** A schedule and the time it was saved. */
    public record Saved(ScheduleView schedule, Instant savedAt) {
    }

    public void save(String repository, Saved saved) {
        Path file = file(repository);
        JsonObject json = Json.createObjectBuilder(ScheduleJson.write(saved.schedule()))
                .add("savedAt", saved.savedAt().toString())
                .build();
        try {
            Files.createDirectories(folder);
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary); JsonWriter writer = Json.createWriter(out)) {
                writer.writeObject(json);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schedule " + file, e);
        }
    }

    /** The saved schedule, or empty when none was saved (or its file is unreadable: then with a warning). */
    public Optional<Saved> load(String repository) {
        Path file = file(repository);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            JsonObject json = reader.readObject();
            Instant savedAt = Instant.parse(json.getString("savedAt"));
            JsonObject schedule = Json.createObjectBuilder(json).remove("savedAt").build();
            return Optional.of(new Saved(ScheduleJson.read(schedule), savedAt));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring the unreadable schedule " + file + " (defaults apply)", e);
            return Optional.empty();
        }
    }

    /** The repositories with a saved schedule. */
    public List<String> repositories() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - SUFFIX.length());
                if (RepositoryNames.valid(name)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the schedules in " + folder, e);
        }
        return names;
    }

    private Path file(String repository) {
        if (!RepositoryNames.valid(repository)) {
            throw new IllegalArgumentException("not a repository name: '" + repository + "'");
        }
        return folder.resolve(repository + SUFFIX);
    }
}
