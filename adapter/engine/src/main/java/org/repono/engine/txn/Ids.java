package org.repono.engine.txn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.repono.engine.InvalidIdException;
import org.repono.engine.ObjectTooLargeException;
import org.repono.engine.format.SegmentEntry;

/** Checks of caller-supplied ids and sizes, and the XA marker key; each failure names what was wrong. */
final class Ids {
    private static final byte[] MARKER_PREFIX = "repono-xa-commit:".getBytes(StandardCharsets.US_ASCII);

    private Ids() {
    }

    static void requireId(Path repository, byte[] id) {
        if (id == null) {
            throw new InvalidIdException(repository, "object id is null; it must be 32 bytes");
        }
        if (id.length != SegmentEntry.KEY_SIZE) {
            throw new InvalidIdException(repository, "object id must be 32 bytes (64 hex characters), got "
                    + id.length + " bytes" + (id.length <= 64 ? " (" + HexFormat.of().formatHex(id) + ")" : ""));
        }
    }

    static void requireSize(Path repository, byte[] id, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative data length " + length + " for object " + hex(id));
        }
        if (length > SegmentEntry.MAX_DATA_SIZE) {
            throw new ObjectTooLargeException(repository, "object " + hex(id) + " has " + length
                    + " bytes of data; borg allows at most " + SegmentEntry.MAX_DATA_SIZE);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** sha256("repono-xa-commit:" + xid): the key whose DELETE in the log proves a prepared branch committed. */
    static byte[] markerKey(byte[] xid) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(MARKER_PREFIX);
            sha.update(xid);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
