package org.repono.rar;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** Describes the "EIS" behind a connection: Repono itself. */
final class ReponoConnectionMetaData implements ManagedConnectionMetaData {

    @Override
    public String getEISProductName() {
        return "Repono";
    }

    @Override
    public String getEISProductVersion() {
        String version = getClass().getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public int getMaxConnections() {
        return 0; // no limit of its own
    }

    @Override
    public String getUserName() {
        return null; // repositories have no users
    }
}
