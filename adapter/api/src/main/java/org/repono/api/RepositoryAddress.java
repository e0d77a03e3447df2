package org.repono.api;

import java.util.Objects;

/**
 * Where a repository lives.
 *
 * @param name   the repository's name: its folder's name (e.g. {@code default})
 * @param folder the absolute path of its folder on the server
 * @param exists whether the folder was there when the address was read
 */
public record RepositoryAddress(String name, String folder, boolean exists) {

    public RepositoryAddress {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
    }
}
