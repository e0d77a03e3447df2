package org.repono.it.rar.server;

import java.nio.charset.StandardCharsets;
import org.repono.api.ObjectId;

/** Test objects are named by the client; their id is the SHA-256 of the name, their data the name's bytes. */
final class Names {

    private Names() {
    }

    static ObjectId id(String name) {
        return ObjectId.sha256(data(name));
    }

    static byte[] data(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
