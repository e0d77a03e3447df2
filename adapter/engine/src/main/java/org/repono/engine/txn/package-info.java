/**
 * Transactions and the {@link org.repono.engine.Repository} implementation ({@link org.repono.engine.txn.LogStore}):
 * create/open, private staging (memory, then a spill file), read-your-writes, XA prepare, the commit queue with
 * group commit, replay at open, index checkpoints and compaction.
 *
 * <p>Who does what: {@code LogStore} wires the parts and answers the public API; {@code RepositoryLayout} checks
 * and creates the directory; {@code StateLoader} (+ {@code Replay}) loads the committed state; {@code CommittedState}
 * holds it behind a read/write lock; {@code CommittedReads} reads it; {@code StagedTransaction} + {@code Staging}
 * stage a transaction; {@code GroupCommitter} is the commit queue, {@code CommitLog} its single writer, which
 * writes each batch with {@code GroupCommit} and also runs {@code Compaction} and checkpoints;
 * {@code OwnWrites} merges a transaction's staged changes into the count and the paged list;
 * {@code PreparedBranches} + {@code PreparedFiles} keep XA branches, {@code HeuristicDecisions} the operators'
 * decisions on them until forgotten.
 *
 * <p>Index checkpoints: a commit never rewrites {@code index.N}. The trio is written at close, after compaction,
 * on {@link org.repono.engine.Repository#checkpoint()}, and when the log grew by
 * {@link org.repono.engine.RepositoryOptions#checkpointBytes()} since the last one (default: 64 MiB, or twice the
 * index file when that is larger - replay at open stays short and index writes stay a fraction of log writes).
 * borg 1.2.4 opening a repository whose index lags replays the rest itself.
 *
 * <p>May use: the JDK, {@code org.repono.engine} (the public contract), {@code format} (byte layouts),
 * {@code index} (the hash index), {@code log} (segment files), {@code lock} and {@code maintenance}.
 *
 * <h2>Durability invariants</h2>
 * Tests guarding one of these carry its number in their name ({@code invariantN_...}).
 * <ol>
 * <li><b>Visible only after a durable COMMIT.</b> An object (or a delete) becomes visible to any reader only
 *     after the data segment holding its entries was fdatasync'ed and its directory fsync'ed, and then the
 *     17-byte segment holding the COMMIT that follows it was written, fdatasync'ed and its directory
 *     fsync'ed - borg 1.2.4's order. The in-memory index is changed only after that, under the write lock;
 *     the committing threads are released only after that.</li>
 * <li><b>Everything after the last COMMIT is garbage.</b> At open, segments numbered above the newest committed
 *     segment are deleted (newest first, with the exclusive lock) or, without it, ignored; a group commit that
 *     fails removes the segments it created and leaves the in-memory state at the last commit. New segment files
 *     are created exclusively, so no write ever lands in a stale file.</li>
 * <li><b>Index files are derived data.</b> {@code index.N}, {@code hints.N} and {@code integrity.N} are written
 *     to temporary names, fsync'ed and renamed in borg's order, and only for a committed N; a commit never
 *     rewrites them (checkpoints do). Losing or damaging them loses nothing: open replays the segments after the
 *     newest valid checkpoint (or from scratch) and reaches the same state.</li>
 * <li><b>Prepared means durable and invisible.</b> A prepared branch is written to
 *     {@code repono/prepared/<xid-hex>.txn} (temporary name, fsync, rename, directory fsync) before prepare
 *     returns; it lives outside {@code data/}, where borg neither reads nor deletes. Committing it is an ordinary
 *     log commit (invariant 1) that also carries a DELETE of the branch's marker key; a prepared file whose
 *     marker is found in the log was already committed and is removed, never committed twice. Rollback deletes
 *     the file. A torn prepared file is recognised by its trailer and ignored. An operator's decision on a prepared
 *     branch is written durably to {@code repono/prepared/<xid-hex>.decision} before it is carried out, and one
 *     found with its branch still prepared is carried out at open.</li>
 * <li><b>Compaction loses nothing.</b> Compaction deletes a segment only after the COMMIT that makes the live
 *     data it held reachable elsewhere is durable and the index points there; it keeps a DELETE while an older
 *     segment may still hold a PUT of the key (borg's shadow-index rule). Readers of a moved object keep reading
 *     through their open channel even after the old file is unlinked.</li>
 * </ol>
 *
 * <h2>Syncs per group commit</h2>
 * One group commit (any number of transactions) costs: fdatasync of the data segment, fsync of its directory,
 * fdatasync of the 17-byte COMMIT segment, fsync of its directory = <b>4 syncs</b>; plus 2 per extra data segment
 * when the batch rolls over {@code max_segment_size}, plus one fsync of {@code data/} when a new
 * {@code data/<d>} directory is created. A manifest-id PUT/DELETE starts a segment of its own (2 more syncs).
 */
package org.repono.engine.txn;
