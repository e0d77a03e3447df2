package org.repono.rar;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.ObjectEntry;
import org.repono.api.ObjectId;
import org.repono.api.ObjectPage;

/**
 * One page of a listing with an id prefix: the engine pages through its index in borg's order (hash-index bucket
 * order; inside a transaction followed by the transaction's own new ids, see {@code Transaction.list}) and the
 * prefix filters, so a page is full or the index is at its end; the next page starts after the
 * last entry given. The prefix is compared on the id's bytes (a nibble for an odd last hex digit), not on a hex
 * string made per id.
 */
final class ObjectListing {

    static final int MAX_LIMIT = 10_000;
    /** Ids asked of the engine at a time when a prefix filters them. */
    private static final int SCAN_BATCH = 4096;

    private final byte[] prefix;
    private final boolean halfByte;
    private final int limit;

    private ObjectListing(byte[] prefix, boolean halfByte, int limit) {
        this.prefix = prefix;
        this.halfByte = halfByte;
        this.limit = limit;
    }

    /** Checks the arguments: a lowercase or uppercase hex prefix of at most 64 digits, a limit of 1 to 10000. */
    static ObjectListing of(String prefix, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        String hex = prefix == null ? "" : prefix;
        if (hex.length() > 2 * ObjectId.LENGTH || !hex.chars().allMatch(ObjectListing::isHexDigit)) {
            throw new InvalidObjectIdException("an id prefix is up to 64 hex digits, got \"" + prefix + "\"");
        }
        boolean odd = hex.length() % 2 == 1;
        byte[] bytes = HexFormat.of().parseHex(odd ? hex + "0" : hex);
        return new ObjectListing(bytes, odd, limit);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The engine's paged list: the committed state's, or a transaction's (committed + own writes). */
    interface Ids {
        List<byte[]> list(int limit, byte[] marker);
    }

    /** The data size of an id as the same reader sees it, or empty when it went meanwhile. */
    interface Sizes {
        Optional<Long> of(byte[] id);
    }

    ObjectPage page(Ids ids, Sizes sizes, ObjectId marker) {
        byte[] cursor = marker == null ? null : marker.toBytes();
        List<ObjectEntry> entries = new ArrayList<>(Math.min(limit, 1024));
        int batch = prefix.length == 0 ? limit + 1 : SCAN_BATCH;
        while (true) {
            List<byte[]> batchIds = ids.list(batch, cursor);
            for (byte[] id : batchIds) {
                cursor = id;
                if (!matches(id)) {
                    continue;
                }
                if (entries.size() == limit) {
                    // one more exists: the page is full and not the last
                    return new ObjectPage(entries, entries.get(entries.size() - 1).id());
                }
                Optional<Long> size = sizes.of(id);
                if (size.isPresent()) { // else deleted since it was listed
                    entries.add(new ObjectEntry(ObjectId.of(id), size.get()));
                }
            }
            if (batchIds.size() < batch) {
                return new ObjectPage(entries, null);
            }
        }
    }

    private boolean matches(byte[] id) {
        int whole = halfByte ? prefix.length - 1 : prefix.length;
        for (int i = 0; i < whole; i++) {
            if (id[i] != prefix[i]) {
                return false;
            }
        }
        return !halfByte || (id[whole] & 0xf0) == (prefix[whole] & 0xf0);
    }
}
