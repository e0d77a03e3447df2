package org.repono.engine;

import java.time.Instant;

/**
 * A prepared (in-doubt) transaction: durable, invisible, waiting for commit or rollback.
 *
 * @param xid       the caller's branch identity, opaque bytes (the adapter encodes an XA Xid into them)
 * @param prepared  when prepare made it durable
 * @param puts      objects it would put
 * @param deletes   objects it would delete
 * @param bytes     data bytes it holds
 */
public record PreparedBranch(byte[] xid, Instant prepared, int puts, int deletes, long bytes) {
}
