/**
 * Full-stack tests: the EAR the reactor built, deployed by Arquillian on the WildFly the build
 * unpacked and configured (target/wildfly), called over HTTP as a browser or client would.
 *
 * <p>To add one: name the class {@code *IT} (failsafe runs it), extend {@link org.repono.it.DeployedEar}
 * (deploys target/repono.ear, runs the test as a client) and call the server through
 * {@link org.repono.it.ServerUnderTest} as a {@link org.repono.it.TestUser}. May use: anything on the
 * test classpath; the product's classes only through the server.
 */
package org.repono.it;
