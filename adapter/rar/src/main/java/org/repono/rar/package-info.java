/**
 * Repono's Jakarta Connectors resource adapter (the classes named in {@code META-INF/ra.xml}): the client API of
 * {@code org.repono.api} implemented on the engine, with XA transactions and their recovery.
 *
 * <p>Shape: {@link org.repono.rar.ReponoResourceAdapter} keeps one {@code SharedRepository} per real repository
 * folder (one engine per folder per server, whatever number of connection definitions name it);
 * {@link org.repono.rar.ReponoManagedConnectionFactory} is one connection definition (its config properties are
 * checked at deployment); {@code ReponoManagedConnection} is a cheap physical connection whose
 * {@link org.repono.rar.ConnectionHandle}s work in its XA branch, its local transaction, or commit each change by
 * itself. XA branches live in the repository's {@code BranchTable}, not in a connection, because the transaction
 * manager may join, prepare and commit a branch through any connection to the same repository; a prepared branch
 * is the engine's (durable and invisible, outside {@code data/}), so {@code recover} lists what the engine found on
 * disk when it opened, plus the branches an operator decided (the engine's heuristic decisions, remembered on disk)
 * until the transaction manager forgets them. Inside a transaction every read, the count and the paged list
 * included, sees the committed data plus the transaction's own changes (the engine merges them).
 *
 * <p>Failures: {@code FailureTranslation} turns every engine failure into the client API's typed one (also as the
 * cause of an {@code XAException}); a fatal one on an open engine puts its {@code SharedRepository} into a failed
 * state (no more work until the adapter restarts), which the facade's liveness check reports.
 *
 * <p>May use: {@code org.repono.api} (which it implements), the engine's public package {@code org.repono.engine}
 * (plus {@code org.repono.engine.lock} to show lock holders), the {@code jakarta.resource} and
 * {@code javax.transaction.xa} APIs. Must not use: the facade, the web module, any server-specific API.
 */
package org.repono.rar;
