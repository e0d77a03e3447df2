package org.repono.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's Implementation-Version and the format it speaks. */
public final class ReponoVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ReponoVersion.class.getPackage().getImplementationVersion();
        return new String[] {"repono " + (v == null ? "(development build)" : v),
                "repository format: BorgBackup 1.2.4", "Java " + Runtime.version()};
    }
}
