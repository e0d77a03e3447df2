/**
 * The operator CLI ({@code repono-cli.jar}): one picocli subcommand per operation
 * ({@code init put get delete list info check compact break-lock benchmark}), argument parsing that
 * rejects bad input before a repository is touched, the mapping of engine failures to borg-like exit
 * codes with one line on stderr, terminal progress bars and the small JSON writer the output uses.
 *
 * <p>May use: the engine's public API ({@code org.repono.engine}), picocli, progressbar, the JDK.
 * Must not use: the engine's implementation packages (format, index, log, txn, lock, maintenance),
 * so that the CLI exercises exactly what every other caller gets.
 */
package org.repono.engine.cli;
