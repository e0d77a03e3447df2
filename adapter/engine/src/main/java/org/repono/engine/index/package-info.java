/**
 * borg's hash index (NSIndex, FORMAT §3) held in flat memory in exactly its on-disk bucket layout, and
 * the files derived from it: loading {@code index.N} + {@code hints.N} with integrity verification, and
 * writing the trio {@code hints.N}/{@code index.N}/{@code integrity.N} in borg 1.2.4's order and durability.
 *
 * <p>The index/format split: {@code format} knows byte layouts of single files; this package owns the
 * index table and the checkpoint of index + hints + integrity together (it needs the table, so it
 * cannot live in {@code format} without a package cycle).
 *
 * <p>Reading a large {@code index.N} starts one short-lived thread ({@code SliceHasher}) that hashes the slices
 * already read while the caller reads and scans the next ones; it ends before the read returns or throws.
 *
 * <p>May use: the JDK and {@code org.repono.engine.format}. Must not use: {@code log}, {@code txn} or
 * anything above; anything of Jakarta EE.
 */
package org.repono.engine.index;
