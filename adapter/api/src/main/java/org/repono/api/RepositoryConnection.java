package org.repono.api;

import java.io.InputStream;
import java.util.Optional;

/**
 * A handle on one repository. Inside a JTA transaction every change commits with it or not at all, and reads see
 * the committed data plus this transaction's own changes. Without a transaction each change commits by itself,
 * unless {@link #getLocalTransaction()} was begun. Not thread-safe; a handle used after {@link #close()} fails with
 * IllegalStateException.
 */
public interface RepositoryConnection extends AutoCloseable {

    /** Which repository this connection reaches. */
    RepositoryAddress address();

    byte[] get(ObjectId id);

    /** The object's bytes as a stream: a 20 MiB object never sits whole in the caller's heap. */
    InputStream openStream(ObjectId id);

    /** Creates or replaces. */
    void put(ObjectId id, byte[] data);

    /** Creates or replaces with exactly {@code length} bytes read from {@code data} (streamed). */
    void put(ObjectId id, InputStream data, long length);

    /** Puts under the SHA-256 of the bytes and returns that id. */
    ObjectId putContent(byte[] data);

    /** Puts under the SHA-256 of the streamed bytes (read to the end, at most 20971479) and returns that id. */
    ObjectId putContent(InputStream data);

    /** @throws ObjectNotFoundException when absent */
    void delete(ObjectId id);

    boolean contains(ObjectId id);

    /** Data size in bytes, or empty when absent. */
    Optional<Long> size(ObjectId id);

    /** Number of objects; inside a transaction its own new objects count and those it deleted do not. */
    long count();

    /**
     * A page of ids with sizes, in borg's order; inside a transaction without the objects it deleted, and followed
     * by the ones only it has put (in the order it put them).
     *
     * @param prefix lowercase hex prefix the ids must start with ("" or null: all)
     * @param limit  at most this many entries (1..10000)
     * @param marker the previous page's nextMarker, or null to start
     */
    ObjectPage list(String prefix, int limit, ObjectId marker);

    /** An explicit local transaction for use outside JTA. */
    RepositoryLocalTransaction getLocalTransaction();

    /** Statistics, check/repair, compaction, in-doubt transactions, the lock. */
    RepositoryMaintenance maintenance();

    /** Gives the handle back to the pool; idempotent. */
    @Override
    void close();
}
