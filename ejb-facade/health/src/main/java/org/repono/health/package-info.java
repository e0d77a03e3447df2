/**
 * Repono's MicroProfile Health checks and the status contract the facade implements for them.
 * This jar goes into the EAR's {@code lib/}: the only place where WildFly registers health checks
 * of an EAR (WFLY-12835). It reaches the facade's EJBs by {@code java:app} lookup, so the
 * interfaces it calls live here too.
 *
 * <p>May use: the JDK, Jakarta EE and MicroProfile Health APIs. Must not use: the resource adapter,
 * the facade's classes (it sees only the interfaces below), the web module.
 */
package org.repono.health;
