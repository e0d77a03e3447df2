package org.repono.facade;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.repono.api.ObjectEntry;
import org.repono.api.ObjectId;
import org.repono.api.ObjectPage;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryFailure;

/**
 * Objects of a named repository, for applications and the REST API: put (by id or by content), streamed reads,
 * delete, paged listing. Each call is one transaction (container-managed: the caller's, or its own), so a put or
 * delete is committed when the call returns to a caller without a transaction. Bodies are streamed, never held
 * whole.
 */
@Stateless
@LocalBean
@Interceptors(FailureTranslation.class)
public class ObjectService {

    /** borg's MAX_DATA_SIZE: the largest object a repository takes. */
    public static final long MAX_SIZE = 20_971_479;
    public static final int MAX_PAGE = 1000;

    @EJB
    RepositoryRegistry registry;

    @EJB
    RepositoryService repositories;

    /** The repository's figures as of its last commit, its state and health (as the REST API shows it). */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public RepositoryView statistics(String repository) {
        return repositories.get(repository);
    }

    /**
     * A page of ids with sizes in borg's listing order.
     *
     * @param prefix hex id prefix, any case ("" or null: every id)
     * @param marker the previous page's nextMarker, or null
     */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ObjectListing list(String repository, String prefix, int limit, String marker) {
        RegisteredRepository target = registry.require(repository);
        String checkedPrefix = ObjectIds.prefix(prefix);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST,
                    "Parameter 'limit' must be 1 to " + MAX_PAGE + ", not " + limit + ".");
        }
        ObjectId after = marker == null ? null : ObjectIds.parse(marker, "marker");
        try (RepositoryConnection connection = target.connect()) {
            ObjectPage page = connection.list(checkedPrefix, limit, after);
            return new ObjectListing(page.entries().stream().map(ObjectService::info).toList(),
                    page.nextMarker() == null ? null : page.nextMarker().toHex());
        }
    }

    /** @throws ReponoProblem OBJECT_NOT_FOUND when absent */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ObjectInfo info(String repository, String id) {
        RegisteredRepository target = registry.require(repository);
        ObjectId objectId = ObjectIds.parse(id, "object id");
        try (RepositoryConnection connection = target.connect()) {
            long size = connection.size(objectId).orElseThrow(() -> notFound(target, objectId));
            return new ObjectInfo(objectId.toHex(), size);
        }
    }

    /** The whole object; for applications (the REST API streams with {@link #copy}). */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public byte[] get(String repository, String id) {
        RegisteredRepository target = registry.require(repository);
        ObjectId objectId = ObjectIds.parse(id, "object id");
        try (RepositoryConnection connection = target.connect()) {
            return connection.get(objectId);
        }
    }

    /**
     * Streams the whole object into {@code out} (never held whole in memory).
     *
     * @return its size in bytes
     * @throws ReponoProblem OBJECT_NOT_FOUND when absent
     */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long writeTo(String repository, String id, OutputStream out) throws IOException {
        ObjectInfo info = info(repository, id);
        copy(repository, info.id(), info.size(), out);
        return info.size();
    }

    /**
     * Streams the object into {@code out}, checking it is {@code expectedSize} bytes long (the size a caller
     * announced, e.g. as Content-Length, before the copy).
     *
     * @throws IOException when writing fails or the object changed size since the caller asked
     */
    @RolesAllowed({"admin", "viewer"})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void copy(String repository, String id, long expectedSize, OutputStream out) throws IOException {
        RegisteredRepository target = registry.require(repository);
        ObjectId objectId = ObjectIds.parse(id, "object id");
        try (RepositoryConnection connection = target.connect();
             InputStream in = connection.openStream(objectId)) {
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > expectedSize) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            if (copied != expectedSize) {
                throw new IOException("object " + objectId + " of repository '" + repository
                        + "' changed while it was being sent (" + expectedSize + " bytes announced)");
            }
        }
    }

    /**
     * Creates or replaces the object with exactly {@code length} bytes of {@code data}; with a negative length the
     * data is read to its end (spooled to a temporary file first: the adapter needs the length up front).
     *
     * @throws ReponoProblem OBJECT_TOO_LARGE past {@link #MAX_SIZE} bytes, INVALID_REQUEST when the data cannot be
     *                       read (e.g. the client went away); nothing is stored then
     */
    @RolesAllowed("admin")
    public StoredObject put(String repository, String id, InputStream data, long length) {
        RegisteredRepository target = registry.require(repository);
        ObjectId objectId = ObjectIds.parse(id, "object id");
        if (length > MAX_SIZE) {
            throw tooLarge(length + " bytes");
        }
        LimitedInputStream limited = new LimitedInputStream(data, MAX_SIZE);
        try (RepositoryConnection connection = target.connect()) {
            boolean existed = connection.contains(objectId);
            if (length >= 0) {
                connection.put(objectId, limited, length);
                return new StoredObject(objectId.toHex(), length, !existed);
            }
            Path spool = Files.createTempFile("repono-put-", ".bin");
            try {
                long size = Files.copy(limited, spool, StandardCopyOption.REPLACE_EXISTING);
                try (InputStream spooled = Files.newInputStream(spool)) {
                    connection.put(objectId, spooled, size);
                }
                return new StoredObject(objectId.toHex(), size, !existed);
            } finally {
                Files.deleteIfExists(spool);
            }
        } catch (IOException | UncheckedIOException e) {
            throw unreadable(e);
        } catch (RepositoryFailure e) {
            throw cutOff(e) ? unreadable(e) : e;
        }
    }

    /**
     * Stores the data (read to its end) under its SHA-256; replaces an object of that id (the same content).
     *
     * @throws ReponoProblem as {@link #put}
     */
    @RolesAllowed("admin")
    public StoredObject putContent(String repository, InputStream data) {
        RegisteredRepository target = registry.require(repository);
        LimitedInputStream limited = new LimitedInputStream(data, MAX_SIZE);
        try (RepositoryConnection connection = target.connect()) {
            ObjectId id = connection.putContent(limited);
            return new StoredObject(id.toHex(), limited.count(), true);
        } catch (UncheckedIOException e) {
            throw unreadable(e);
        } catch (RepositoryFailure e) {
            throw cutOff(e) ? unreadable(e) : e;
        }
    }

    /**
     * Deletes the object.
     *
     * @throws ReponoProblem OBJECT_NOT_FOUND when absent, APPEND_ONLY when the repository is append-only (this
     *                       facade never removes data from one)
     */
    @RolesAllowed("admin")
    public void delete(String repository, String id) {
        RegisteredRepository target = registry.require(repository);
        ObjectId objectId = ObjectIds.parse(id, "object id");
        try (RepositoryConnection connection = target.connect()) {
            if (!connection.contains(objectId)) {
                throw notFound(target, objectId);
            }
            if (connection.maintenance().statistics().appendOnly()) {
                throw new ReponoProblem(Refusal.APPEND_ONLY, "Repository '" + repository
                        + "' is append-only: object " + objectId + " cannot be deleted.");
            }
            connection.delete(objectId);
        }
    }

    private static ObjectInfo info(ObjectEntry entry) {
        return new ObjectInfo(entry.id().toHex(), entry.size());
    }

    private static ReponoProblem notFound(RegisteredRepository repository, ObjectId id) {
        return new ReponoProblem(Refusal.OBJECT_NOT_FOUND,
                "Repository '" + repository.name() + "' has no object " + id + ".");
    }

    private static ReponoProblem tooLarge(String size) {
        return new ReponoProblem(Refusal.OBJECT_TOO_LARGE, "The object is " + size + "; a repository takes at most "
                + MAX_SIZE + " bytes (borg's MAX_DATA_SIZE). Nothing was stored.");
    }

    /** Whether the failure comes from the size limit on the caller's data (the adapter may wrap it). */
    private static boolean cutOff(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LimitedInputStream.TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** The caller's data could not be read (too long, or the stream failed): the object was not stored. */
    private static ReponoProblem unreadable(Exception e) {
        if (cutOff(e)) {
            return tooLarge("more than " + MAX_SIZE + " bytes");
        }
        return new ReponoProblem(Refusal.INVALID_REQUEST, "The object's data could not be read: " + e.getMessage()
                + ". Nothing was stored.", e);
    }
}
