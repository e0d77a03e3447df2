/**
 * The client API applications compile against: a {@link org.repono.api.RepositoryConnectionFactory} injected with
 * {@code @Resource}, giving {@link org.repono.api.RepositoryConnection}s whose changes commit and roll back with the
 * caller's transaction (JTA, a local transaction, or none: then each call commits by itself).
 *
 * <p>May use: the JDK only. Knows nothing of the engine or of Jakarta Connectors: the resource adapter implements
 * these interfaces; the facade and applications use them. Failures are unchecked
 * {@link org.repono.api.RepositoryFailure}s naming the repository and, where one is involved, the object id.
 */
package org.repono.api;
