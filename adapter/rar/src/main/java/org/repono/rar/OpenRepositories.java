package org.repono.rar;

import jakarta.resource.spi.InvalidPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of open repositories: one {@link SharedRepository} per real folder, whatever path spelling (links,
 * "..") the connection definitions use, because two engines on one folder would fight over borg's lock.
 *
 * <p>There is one registry per class loader, that is per deployed .rar, not one per {@link ReponoResourceAdapter}
 * object: a server may make several adapter objects for one archive (one per activation - the server
 * configuration's, an ironjacamar.xml, an application's {@code @ConnectionFactoryDefinition}), and they must still
 * share one engine per folder. Each adapter object that used a repository holds it; the engine closes when the
 * last of them stops.
 */
final class OpenRepositories {

    static final OpenRepositories SERVER = new OpenRepositories();

    private final Map<Path, SharedRepository> byFolder = new HashMap<>();
    private final Map<SharedRepository, Set<ReponoResourceAdapter>> holders = new IdentityHashMap<>();

    /** The repository for these settings, held by {@code adapter}; the first holder fixes how its engine opens. */
    synchronized SharedRepository attach(RepositorySettings settings, ReponoResourceAdapter adapter)
            throws InvalidPropertyException {
        Path folder = realFolder(settings.path());
        SharedRepository shared = byFolder.get(folder);
        if (shared == null) {
            shared = new SharedRepository(folder, settings);
            byFolder.put(folder, shared);
            holders.put(shared, Collections.newSetFromMap(new IdentityHashMap<>()));
        } else if (shared.settings.appendOnly() != settings.appendOnly()) {
            throw new InvalidPropertyException("AppendOnly '" + settings.appendOnly() + "' conflicts with repository '"
                    + shared.name() + "', which another connection definition serves from the same folder " + folder
                    + " with AppendOnly '" + shared.settings.appendOnly() + "'");
        }
        holders.get(shared).add(adapter);
        return shared;
    }

    /** The adapter stops: every repository nobody else holds is closed (checkpoint written, borg lock released). */
    void release(ReponoResourceAdapter adapter) {
        List<SharedRepository> unused = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<SharedRepository, Set<ReponoResourceAdapter>> e : new ArrayList<>(holders.entrySet())) {
                if (e.getValue().remove(adapter) && e.getValue().isEmpty()) {
                    holders.remove(e.getKey());
                    byFolder.remove(e.getKey().folder);
                    unused.add(e.getKey());
                }
            }
        }
        for (SharedRepository shared : unused) {
            shared.close();
        }
    }

    /** The repositories {@code adapter} holds. */
    synchronized List<SharedRepository> heldBy(ReponoResourceAdapter adapter) {
        List<SharedRepository> out = new ArrayList<>();
        holders.forEach((shared, by) -> {
            if (by.contains(adapter)) {
                out.add(shared);
            }
        });
        return out;
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
}
