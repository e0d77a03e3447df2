package org.repono.api;

import java.time.Instant;

/**
 * A prepared XA branch waiting for the transaction manager (or an operator) to decide.
 *
 * @param xid       printable form of the branch id: formatId:globalTransactionIdHex:branchQualifierHex
 * @param prepared  when it was prepared
 * @param puts      objects it would put
 * @param deletes   objects it would delete
 * @param bytes     data bytes
 */
public record InDoubtTransaction(String xid, Instant prepared, int puts, int deletes, long bytes) {
}
