package org.repono.rar;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

/**
 * The local transaction the server drives when a connection definition is set to LocalTransaction: the same
 * engine transaction as the application's {@link org.repono.api.RepositoryLocalTransaction}, without connection
 * events (the server began it, it knows).
 */
final class ContainerLocalTransaction implements LocalTransaction {

    private final ReponoManagedConnection connection;

    ContainerLocalTransaction(ReponoManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void begin() throws ResourceException {
        run(() -> connection.beginLocal(false), "begin");
    }

    @Override
    public void commit() throws ResourceException {
        run(() -> connection.commitLocal(false), "commit");
    }

    @Override
    public void rollback() throws ResourceException {
        run(() -> connection.rollbackLocal(false), "roll back");
    }

    private void run(Runnable step, String what) throws ResourceException {
        try {
            step.run();
        } catch (RuntimeException e) {
            RuntimeException failure = FailureTranslation.translate(connection.repository.name(), e);
            connection.repository.noteFailure(failure);
            throw new LocalTransactionException("cannot " + what + " the local transaction: " + failure.getMessage(), failure);
        }
    }
}
