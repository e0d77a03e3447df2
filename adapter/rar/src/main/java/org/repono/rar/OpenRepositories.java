package org.repono.rar;

import jakarta.resource.spi.InvalidPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource adapter's registry: one {@link SharedRepository} per real folder, whatever path spelling (links,
 * "..") the connection definitions use, because two engines on one folder would fight over borg's lock.
 */
final class OpenRepositories {

    private final Map<Path, SharedRepository> byFolder = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** The repository for these settings; the first definition naming a folder fixes how its engine opens. */
    SharedRepository attach(RepositorySettings settings) throws InvalidPropertyException {
        if (stopped) {
            throw new IllegalStateException("the Repono resource adapter is stopped");
        }
        Path folder = realFolder(settings.path());
        SharedRepository shared = byFolder.computeIfAbsent(folder, f -> new SharedRepository(f, settings));
        if (shared.settings.appendOnly() != settings.appendOnly()) {
            throw new InvalidPropertyException("AppendOnly '" + settings.appendOnly() + "' conflicts with repository '"
                    + shared.name() + "', which another connection definition serves from the same folder " + folder
                    + " with AppendOnly '" + shared.settings.appendOnly() + "'");
        }
        return shared;
    }

    /** The folder with links resolved as far as it exists (a missing tail is kept as written). */
    static Path realFolder(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    List<SharedRepository> all() {
        return new ArrayList<>(byFolder.values());
    }

    /** Closes every engine: index checkpoints written, borg locks released. */
    void closeAll() {
        stopped = true;
        for (SharedRepository shared : all()) {
            shared.close();
        }
        byFolder.clear();
    }
}
