package org.repono.engine;

import java.nio.file.Path;
import java.util.HexFormat;

/** No committed (or, inside a transaction, staged) object has this id. The message names the id in hex. */
public class ObjectNotFoundException extends RepositoryException {
    private final String idHex;

    public ObjectNotFoundException(Path repository, byte[] id) {
        super(repository, "Object with key " + HexFormat.of().formatHex(id) + " not found");
        this.idHex = HexFormat.of().formatHex(id);
    }

    public String idHex() {
        return idHex;
    }
}
