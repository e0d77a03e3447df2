/**
 * The engine's public face: what the CLI, the resource adapter and the tests use, and nothing else.
 *
 * <p>{@link org.repono.engine.Repository} is a borg 1.2.4 repository opened by this process;
 * {@link org.repono.engine.Transaction} is one private unit of change on it (many may be open at once;
 * commits are serialized into the log and batched by group commit). {@link org.repono.engine.Repositories}
 * creates, opens, destroys and unlocks repositories. Failures are unchecked subclasses of
 * {@link org.repono.engine.RepositoryException}, each naming the repository path and, where one is
 * involved, the object id in hex.
 *
 * <p>May use: the JDK and the engine's own sub-packages. Must not use: anything of Jakarta EE.
 * The sub-packages ({@code format}, {@code index}, {@code log}, {@code txn}, {@code lock},
 * {@code maintenance}, {@code cli}) are implementation; callers outside the engine use this package.
 */
package org.repono.engine;
