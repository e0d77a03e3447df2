package org.repono.api;

/** An application's handle on one repository. Not thread-safe: one per task, closed when done. */
public interface RepositoryConnection extends AutoCloseable {

    /** Which repository this connection reaches. */
    RepositoryAddress address();

    /** Gives the connection back to the server's pool; later calls fail with IllegalStateException. */
    @Override
    void close();
}
