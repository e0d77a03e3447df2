/**
 * The client API of Repono's resource adapter: the connection factory an application looks up in
 * JNDI and the connection it gets from it. PLACEHOLDER: the resource adapter's engineer turns it into
 * the real object API (get, put, delete, list inside the caller's JTA transaction).
 *
 * <p>May use: the JDK only. Implemented by {@code org.repono.rar}; used by the EJB facade. It ships
 * inside the .rar, whose classes every module of the EAR sees.
 */
package org.repono.api;
