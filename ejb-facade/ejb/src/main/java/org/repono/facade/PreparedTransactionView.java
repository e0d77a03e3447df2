package org.repono.facade;

import java.time.Instant;

/**
 * A prepared XA branch waiting for a decision.
 *
 * @param xid                 the branch's identity as hex, what commit and rollback take
 * @param text                the human form, {@code formatId:gtridHex:bqualHex} when it is one
 * @param formatId            the XA format id, or null when the identity is not an XA Xid
 * @param globalTransactionId hex, or null
 * @param branchQualifier     hex, or null
 * @param prepared            when it became durable
 * @param ageSeconds          now minus prepared
 */
public record PreparedTransactionView(String xid, String text, Integer formatId, String globalTransactionId,
                                      String branchQualifier, Instant prepared, double ageSeconds, int puts,
                                      int deletes, long bytes) {
}
