package org.repono.facade;

import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;

/**
 * The answer to a ping: a connection to the default repository was opened and closed.
 *
 * @param repository   the repository's name
 * @param folder       its folder on the server
 * @param folderExists whether that folder exists
 */
public record Ping(String repository, String folder, boolean folderExists) {

    /** Opens a connection to {@code repository}, reads its address and closes it. */
    static Ping through(RegisteredRepository repository) {
        try (RepositoryConnection connection = repository.connect()) {
            RepositoryAddress address = connection.address();
            return new Ping(repository.name(), address.folder(), address.exists());
        }
    }
}
