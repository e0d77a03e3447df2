package org.repono.engine;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One private unit of change. Reads see the committed data plus this transaction's own staged changes;
 * nothing staged is visible to others until {@link #commit()} returns. Staged data spills to a file past
 * {@link RepositoryOptions#spillBytes()}, so the heap never bounds a transaction. Not thread-safe: one
 * thread at a time. States: ACTIVE -> (PREPARED) -> COMMITTED | ROLLED_BACK; {@link #close()} rolls back
 * an ACTIVE transaction.
 */
public interface Transaction extends AutoCloseable {

    /** Stages a put (create or replace). Ids must be 32 bytes, data at most MAX_DATA_SIZE. */
    void put(byte[] id, byte[] data);

    /** Stages a put of exactly {@code length} bytes read from {@code data} (streamed, never held whole). */
    void put(byte[] id, InputStream data, long length);

    /** Stages a delete; ObjectNotFoundException when neither committed nor staged. */
    void delete(byte[] id);

    /** Committed data plus own writes. */
    byte[] get(byte[] id);

    /** Committed data plus own writes, streamed. */
    InputStream openStream(byte[] id);

    boolean contains(byte[] id);

    /** Size in bytes of the object's data as this transaction sees it, or empty when absent. */
    Optional<Long> objectSize(byte[] id);

    /**
     * Number of live objects as this transaction sees them: the committed ones, plus the ids only its own puts
     * hold, minus the committed ones it deleted.
     */
    long size();

    /**
     * Up to {@code limit} ids after {@code marker} (null = from the start) as this transaction sees them: the
     * committed ids in borg's order ({@link Repository#list}) without those it deleted (one it replaced keeps its
     * place), then the ids only its own puts hold, in the order it staged them. Paging with the last id of a page as
     * the next marker gives every id once, as long as nobody changes the repository meanwhile.
     */
    List<byte[]> list(int limit, byte[] marker);

    /** Whether nothing was staged (an XA branch with nothing to do answers XA_RDONLY). */
    boolean isReadOnly();

    /**
     * Makes the staged changes durable under {@code xid} without making them visible (outside data/, where
     * borg neither reads nor deletes). After a restart {@link Repository#preparedBranches()} lists it.
     */
    void prepare(byte[] xid);

    /** Makes the changes visible atomically (one log commit, possibly shared with other transactions). */
    void commit();

    /** Discards the staged (or prepared) changes. */
    void rollback();

    /** Rolls back when still active; a no-op after commit or rollback. */
    @Override
    void close();
}
