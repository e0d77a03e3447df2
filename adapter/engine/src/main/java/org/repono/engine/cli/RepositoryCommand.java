package org.repono.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A command whose first positional argument is the repository: opens it with the global options. */
abstract class RepositoryCommand implements Callable<Integer> {

    @ParentCommand
    ReponoCommand root;

    @Parameters(index = "0", paramLabel = "REPO", description = "the repository's folder")
    Path repository;

    @Override
    public final Integer call() throws Exception {
        root.enableDebugLog();
        return run();
    }

    /** The command's work; arguments are checked here first, before the repository is opened. */
    abstract int run() throws Exception;

    /**
     * Opens the repository: exclusive for writers (borg's writers hold the exclusive lock), else shared. A long
     * replay of segments written after the last index.N shows a progress bar on a terminal.
     */
    Repository open(boolean exclusive) {
        try (TerminalProgress replay = TerminalProgress.onConsole(root.err())) {
            return Repositories.open(repository, root.options(exclusive), replay);
        }
    }
}
