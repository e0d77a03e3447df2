package org.repono.engine;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A borg 1.2.4 repository opened by this process (see {@link Repositories}). Thread-safe: many threads
 * read at once (positional reads) while transactions stage and commit; commits are serialized into the
 * log and batched (group commit).
 */
public interface Repository extends AutoCloseable {

    Path path();

    // ---- committed reads -------------------------------------------------------------------------

    byte[] get(byte[] id);

    /** The object's data streamed from its segment: never held whole in memory. */
    InputStream openStream(byte[] id);

    /** get of each id, in order; ObjectNotFoundException for the first missing one. */
    List<byte[]> getMany(List<byte[]> ids);

    boolean contains(byte[] id);

    /** Data size of a committed object, or empty. */
    Optional<Long> objectSize(byte[] id);

    /** Number of live objects (borg: len(repository)). */
    long size();

    /**
     * Up to {@code limit} ids after {@code marker} (null = from the start), in borg's order (hash-index
     * bucket order), as borg's {@code list(limit, marker)}.
     */
    List<byte[]> list(int limit, byte[] marker);

    // ---- transactions ----------------------------------------------------------------------------

    /** Starts a new private transaction. */
    Transaction begin();

    /** Prepared branches found on disk or prepared in this session and not yet decided. */
    List<PreparedBranch> preparedBranches();

    /** Commits a prepared branch by its xid; a no-op when no such branch is prepared (already decided). */
    void commitPrepared(byte[] xid);

    /** Rolls back a prepared branch by its xid; a no-op when no such branch is prepared. */
    void rollbackPrepared(byte[] xid);

    /**
     * An operator's decision on a prepared branch, taken before its owner decided it (XA's heuristic completion): the
     * decision is recorded durably ({@code repono/prepared/<xid-hex>.decision}), then carried out, and remembered
     * until {@link #forgetDecision}, so that the owner asking later learns what was done. A decision recorded but not
     * carried out (a failure, or the process stopped in between) is carried out at the next open or by
     * {@link #decision}; the branch stays listed as prepared until then.
     *
     * @return false when no branch with this xid is prepared
     * @throws TransactionStateException when the opposite decision on it is recorded already, or another caller is
     *                                   deciding it right now
     */
    boolean decidePrepared(byte[] xid, boolean commit);

    /** The recorded decision on xid (see {@link #decidePrepared}), carried out first when it was not yet. */
    Optional<HeuristicDecision> decision(byte[] xid);

    /** Every recorded decision, oldest first. */
    List<HeuristicDecision> decisions();

    /** Forgets the decision on xid (carrying it out first when it was not yet); false when none is recorded. */
    boolean forgetDecision(byte[] xid);

    // ---- maintenance -----------------------------------------------------------------------------

    /**
     * Verifies every segment entry's CRC, rebuilds the index from the segments and compares it with the
     * committed index and hints. With {@code repair}: needs the repository to itself (else
     * TransactionStateException), refused in append-only mode (AppendOnlyException).
     */
    CheckReport check(boolean repair, ProgressListener progress, Cancellation cancellation);

    /** borg compact: rewrites segments whose freeable share exceeds {@code threshold} (0..1). */
    CompactionReport compact(double threshold, ProgressListener progress, Cancellation cancellation);

    /** Writes index.N / hints.N / integrity.N for the current transaction id now. */
    void checkpoint();

    RepositoryStats stats();

    List<SegmentUsage> segmentUsage();

    boolean isAppendOnly();

    /** config "key" (repokey blob) or empty. */
    Optional<String> loadKey();

    /** Writes config "key" (null removes it), with borg's config rewrite protocol. */
    void saveKey(String key);

    /** Checkpoints the index when the log moved on since the last one, releases the lock and files. */
    @Override
    void close();
}
