package org.repono.facade;

/** Where the server binds the default repository's connection factory (ear/src/main/server/configure.cli). */
public final class DefaultRepository {

    public static final String CONNECTION_FACTORY = "java:/eis/repono/default";

    private DefaultRepository() {
    }
}
