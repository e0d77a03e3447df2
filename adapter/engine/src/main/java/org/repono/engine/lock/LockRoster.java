package org.repono.engine.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.repono.engine.RepositoryException;

/**
 * borg's LockRoster on {@code <repo>/lock.roster}. Callers hold {@code lock.exclusive} around every
 * change, as borg does; this class does no locking of its own. Like borg it rewrites the file in place
 * (no temp file: borg would never clean one up) and prunes stale holders whenever it reads.
 */
final class LockRoster {
    private static final System.Logger LOG = System.getLogger(LockRoster.class.getName());

    private final Path path;
    private final Path repository;
    private final String ownHostId;

    LockRoster(Path path, Path repository, String ownHostId) {
        this.path = path;
        this.repository = repository;
        this.ownHostId = ownHostId;
    }

    Path path() {
        return path;
    }

    /** The roster with stale holders dropped (borg's load); missing or corrupt = empty. */
    Roster load() {
        Roster roster = readRaw(path, repository);
        Map<String, List<ProcessIdentity>> dropped = roster.pruneStale(ownHostId);
        for (Map.Entry<String, List<ProcessIdentity>> e : dropped.entrySet()) {
            for (ProcessIdentity id : e.getValue()) {
                LOG.log(System.Logger.Level.WARNING, "Removed stale {0} roster lock for host {1} pid {2} thread {3}.",
                        e.getKey(), id.host(), Long.toString(id.pid()), Long.toString(id.thread()));
            }
        }
        return roster;
    }

    /** The roster as stored, nothing pruned; missing or corrupt = empty. */
    static Roster readRaw(Path path, Path repository) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Roster();
        } catch (IOException e) {
            throw new RepositoryException(repository, "cannot read the lock roster " + path + ": " + e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Roster();
        }
        Roster roster = RosterJson.parse(text);
        return roster == null ? new Roster() : roster;
    }

    void save(Roster roster) {
        byte[] bytes = RosterJson.print(roster).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = openForRewrite()) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new RepositoryException(repository, "cannot write the lock roster " + path + ": " + e);
        }
    }

    private FileChannel openForRewrite() throws IOException {
        try {
            // borg's umask 077 makes its roster 0600; create ours the same way
            return FileChannel.open(path, java.util.Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new RepositoryException(repository, "cannot delete the lock roster " + path + ": " + e);
        }
    }

    /** borg's modify(kind, ADD). Returns the roster as saved. */
    Roster add(String kind, ProcessIdentity id) {
        Roster roster = load();
        roster.add(kind, id);
        save(roster);
        return roster;
    }

    /**
     * borg's modify(kind, REMOVE). borg raises KeyError when {@code id} is not listed; this returns
     * null instead (and writes nothing) so the caller can decide how bad that is.
     */
    Roster remove(String kind, ProcessIdentity id) {
        Roster roster = load();
        if (!roster.remove(kind, id)) {
            return null;
        }
        save(roster);
        return roster;
    }
}
