package org.repono.rar;

import org.repono.api.RepositoryLocalTransaction;

/**
 * The application's explicit transaction outside JTA, on the handle's physical connection: every handle of that
 * connection works in it until commit or rollback. The server hears of it through connection events, as the
 * Connectors specification asks for component-managed local transactions.
 */
final class ApplicationLocalTransaction implements RepositoryLocalTransaction {

    private final ConnectionHandle handle;

    ApplicationLocalTransaction(ConnectionHandle handle) {
        this.handle = handle;
    }

    @Override
    public void begin() {
        handle.call(c -> {
            c.beginLocal(true);
            return null;
        });
    }

    @Override
    public void commit() {
        handle.call(c -> {
            c.commitLocal(true);
            return null;
        });
    }

    @Override
    public void rollback() {
        handle.call(c -> {
            c.rollbackLocal(true);
            return null;
        });
    }
}
