/**
 * borg 1.2.4's repository lock ({@code lock.exclusive/} + {@code lock.roster}), reproduced exactly so
 * that real borg and this engine exclude each other and each breaks the other's stale locks.
 *
 * <p>{@link org.repono.engine.lock.RepositoryLock} is the whole API (acquire shared/exclusive, upgrade,
 * downgrade, close, breakLock, inspect); {@link org.repono.engine.lock.ProcessIdentity} and
 * {@link org.repono.engine.lock.LockStatus} are what it reports. Inside: {@code ExclusiveLockDir} (borg's
 * ExclusiveLock: prepared temp dir renamed onto {@code lock.exclusive}), {@code LockRoster} +
 * {@code RosterJson} + {@code Roster} (the JSON roster), {@code StaleRule} (borg's process_alive),
 * {@code BorgHostId} (borg's "fqdn@uuid.getnode()" or $BORG_HOST_ID), {@code PollTimer} (borg's poll pacing).
 *
 * <p>May use: the JDK and {@code org.repono.engine} (its exceptions). Used by: {@code txn} (sessions),
 * {@code cli} and consoles ({@code inspect}, {@code breakLock}).
 */
package org.repono.engine.lock;
