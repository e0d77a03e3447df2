/**
 * Check and repair ({@code borg check --repository-only [--repair]}, FORMAT §6.8): reads every committed
 * segment with CRC checks on several threads, merges the results in segment order into a fresh index
 * (the replay rules of §6.2), compares it with the committed index and with {@code index.N},
 * {@code hints.N} and {@code integrity.N} on disk, and reports each problem as a
 * {@link org.repono.engine.CheckProblem} (kinds in {@link org.repono.engine.maintenance.ProblemKind}).
 *
 * <p>Repair works in two phases so that a cancelled repair changes nothing: phase 1 only reads (it
 * works out which entries of a damaged segment survive, borg's byte-by-byte scan, and where they will
 * land), phase 2 writes: damaged originals are first hard-linked under {@code repono/evidence/} (outside
 * {@code data/}, which borg never looks at), then replaced atomically by their survivors; uncommitted
 * segments are moved there too instead of being deleted; then the index files are written.
 *
 * <p>May use: the JDK, {@code org.repono.engine} (reports, exceptions), {@code format} (byte layouts,
 * scanner, index files), {@code index} (the hash index) and {@code log} (segment file naming). Used by
 * {@code txn} (Repository.check) and {@code cli}. Must not use: {@code txn}, anything of Jakarta EE.
 */
package org.repono.engine.maintenance;
