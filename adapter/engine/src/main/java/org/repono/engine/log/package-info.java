/**
 * Segment files, as borg 1.2.4 lays them out and syncs them: naming ({@code data/<n / segments_per_dir>/<n>}),
 * listing, exclusive creation, appends with borg's roll-over rule, the fsync order of a closed segment, cleanup
 * of uncommitted tails, and positional reads through a bounded, reference-counted cache of read channels.
 *
 * <p>Owns the I/O policy of segments, not their byte layout: entries are encoded and decoded by
 * {@code org.repono.engine.format}. May use: the JDK, {@code org.repono.engine} (exceptions) and
 * {@code format}. Used by {@code txn} and {@code maintenance}.
 */
package org.repono.engine.log;
