/**
 * Fault tests of the engine: real SIGKILLs of a child JVM in the middle of commits, compactions and index
 * checkpoints ({@link org.repono.engine.faults.CrashChild} is that child's program), a full disk (a real small
 * tmpfs, then injected ENOSPC), failing fsyncs (injected through {@link org.repono.engine.log.WriteChannels}) and
 * bad input that must be refused without a byte changing on disk. Each test names the durability invariant of
 * {@code org.repono.engine.txn} it guards.
 *
 * <p>May use: the engine's public contract, {@code log.WriteChannels} (the only seam), the format/index classes to
 * build damaged files, the JDK, JUnit, and the real borg 1.2.4 as a judge.
 */
package org.repono.engine.faults;
