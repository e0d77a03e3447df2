/**
 * Repono's Jakarta Connectors resource adapter: the classes named in {@code META-INF/ra.xml}.
 * PLACEHOLDER: it hands out connections that know their repository's folder (created when missing)
 * and nothing more, so that the wiring server -> EAR -> EJB -> connection factory is real and tested.
 * The resource adapter's engineer replaces it with the real one (engine per repository, XAResource).
 *
 * <p>May use: {@code org.repono.api} (which it implements), {@code org.repono.engine}, the
 * {@code jakarta.resource} API. Must not use: the facade, the web module.
 */
package org.repono.rar;
