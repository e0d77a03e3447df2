package org.repono.engine.cli;

import org.repono.engine.Repositories;
import picocli.CommandLine.Command;

/** {@code break-lock REPO}: borg break-lock, for a lock left by a process that died. */
@Command(name = "break-lock", mixinStandardHelpOptions = true,
        description = "Remove the repository's lock (lock.exclusive and lock.roster) unconditionally, as borg "
                + "break-lock. Only when no other process uses the repository.")
final class BreakLockCommand extends RepositoryCommand {

    @Override
    int run() {
        Repositories.breakLock(repository);
        return ExitCode.OK;
    }
}
