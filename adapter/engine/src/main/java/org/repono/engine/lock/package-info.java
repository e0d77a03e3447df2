/**
 * borg 1.2.4's repository lock ({@code lock.exclusive/} + {@code lock.roster}), byte- and
 * behaviour-compatible so that real borg and this engine exclude each other.
 *
 * <p>Owns: the lock protocol, borg's host id and the stale-lock rule. May use: the JDK and
 * {@code org.repono.engine} (exceptions). Used by: the transaction engine and consoles.
 */
package org.repono.engine.lock;
