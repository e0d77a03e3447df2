package org.repono.api;

/** An explicit transaction on one connection, outside JTA: begin, then commit or rollback. */
public interface RepositoryLocalTransaction {
    void begin();

    void commit();

    void rollback();
}
