package org.repono.facade;

import org.repono.api.RepositoryAddress;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/**
 * The answer to a ping: a connection to the repository was opened and closed.
 *
 * @param repository   the repository's name
 * @param folder       its folder on the server
 * @param folderExists whether that folder exists
 */
public record Ping(String repository, String folder, boolean folderExists) {

    /** Opens a connection from {@code connections}, reads its address and closes it. */
    static Ping through(RepositoryConnectionFactory connections) {
        try (RepositoryConnection connection = connections.getConnection()) {
            RepositoryAddress address = connection.address();
            return new Ping(address.name(), address.folder(), address.exists());
        }
    }
}
