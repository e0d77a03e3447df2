package org.repono.engine.txn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.repono.engine.RepositoryOptions;

/** Ids and data for tests: id = sha256(text), data derived from the text. */
final class TestIds {
    private TestIds() {
    }

    static byte[] id(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] data(String text, int length) {
        byte[] seed = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed[i % seed.length] + i / seed.length);
        }
        return out;
    }

    /** Small segments so tests exercise roll-over; a lock wait so a leaked lock fails fast. */
    static RepositoryOptions options() {
        return RepositoryOptions.defaults().withLockWait(Duration.ofSeconds(5)).withLockHostId("repono-test@1");
    }
}
