/**
 * The web console in a real browser: Debian's Chromium, driven by Selenium, against the deployed real EAR (with
 * test repositories of its own, {@link org.repono.it.ui.ConsoleDeployment}). Data is seeded through the REST API
 * ({@link org.repono.it.ui.Rest}) before the browser looks; each test saves screenshots of the pages it shows under
 * ear/target/screenshots/.
 *
 * <p>May use: Selenium, the REST API over HTTP, {@link org.repono.it.ServerUnderTest} and
 * {@link org.repono.it.TestUser}, the engine only to prepare repositories on disk before the deployment.
 */
package org.repono.it.ui;
