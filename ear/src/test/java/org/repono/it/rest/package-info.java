/**
 * Full-stack tests of the REST API, security and health: the real EAR with a few extra repositories defined for
 * the tests ({@link org.repono.it.rest.RestDeployment}), called over HTTP as scripts and the console do
 * ({@link org.repono.it.rest.Api}). Each test class deploys that EAR once.
 *
 * <p>May use: anything on the test classpath; the engine only to prepare repositories on disk before they are
 * deployed; the product otherwise only through the server.
 */
package org.repono.it.rest;
