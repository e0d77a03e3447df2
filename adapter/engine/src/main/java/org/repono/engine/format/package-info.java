/**
 * Byte layouts of a borg 1.2.4 repository (FORMAT.md §1-§5): segment entries and their CRCs, the
 * {@code config} file, the README, {@code hints.N}, {@code integrity.N} and the XXH64 file digests.
 *
 * <p>Pure encode/decode plus the file reads and writes of exactly these layouts; no transaction policy
 * (which segment to write, when to commit, what to replay) lives here. Errors are unchecked exceptions
 * of this package naming the file, segment, offset or key that was wrong; the {@code txn} layer maps them
 * to the engine's public exceptions.
 *
 * <p>May use: the JDK, msgpack-core (hints, integrity). XXH64 is our own ({@code Xxh64}): no native library. Must not use: the other
 * engine packages, anything of Jakarta EE.
 */
package org.repono.engine.format;
