package org.repono.rar;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import javax.transaction.xa.Xid;

/**
 * An XA branch identity as the engine stores it with a prepared branch: format id (4 bytes, big-endian), global
 * transaction id length (1 byte) and bytes, branch qualifier length (1 byte) and bytes. Value type: two equal
 * Xids from different transaction-manager objects map to equal keys, which is what the branch table needs.
 */
final class XidBytes implements Xid, Serializable {

    private static final long serialVersionUID = 1L;

    private final int formatId;
    private final byte[] globalId;
    private final byte[] branchQualifier;

    private XidBytes(int formatId, byte[] globalId, byte[] branchQualifier) {
        this.formatId = formatId;
        this.globalId = globalId;
        this.branchQualifier = branchQualifier;
    }

    /** A copy of the transaction manager's Xid (its object may be reused or mutable). */
    static XidBytes of(Xid xid) {
        if (xid instanceof XidBytes own) {
            return own;
        }
        byte[] global = xid.getGlobalTransactionId();
        byte[] branch = xid.getBranchQualifier();
        if (global == null || global.length > MAXGTRIDSIZE || branch == null || branch.length > MAXBQUALSIZE) {
            throw new IllegalArgumentException("not a valid Xid: global id of " + (global == null ? "no" : global.length)
                    + " bytes, branch qualifier of " + (branch == null ? "no" : branch.length) + " bytes");
        }
        return new XidBytes(xid.getFormatId(), global.clone(), branch.clone());
    }

    /** Decodes what {@link #encoded()} wrote. */
    static XidBytes decode(byte[] encoded) {
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            int format = in.getInt();
            byte[] global = new byte[in.get() & 0xff];
            in.get(global);
            byte[] branch = new byte[in.get() & 0xff];
            in.get(branch);
            if (in.hasRemaining() || global.length > MAXGTRIDSIZE || branch.length > MAXBQUALSIZE) {
                throw new IllegalArgumentException("not an encoded Xid: " + HexFormat.of().formatHex(encoded));
            }
            return new XidBytes(format, global, branch);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("not an encoded Xid: " + HexFormat.of().formatHex(encoded), e);
        }
    }

    /** The printable form people see: formatId:globalIdHex:branchQualifierHex. */
    static XidBytes parse(String printable) {
        String[] parts = printable == null ? new String[0] : printable.split(":", -1);
        try {
            if (parts.length == 3) {
                HexFormat hex = HexFormat.of();
                return new XidBytes(Integer.parseInt(parts[0]), hex.parseHex(parts[1]), hex.parseHex(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("'" + printable + "' is not a transaction id of the form"
                + " formatId:globalTransactionIdHex:branchQualifierHex");
    }

    byte[] encoded() {
        return ByteBuffer.allocate(4 + 1 + globalId.length + 1 + branchQualifier.length)
                .putInt(formatId)
                .put((byte) globalId.length).put(globalId)
                .put((byte) branchQualifier.length).put(branchQualifier)
                .array();
    }

    String printable() {
        HexFormat hex = HexFormat.of();
        return formatId + ":" + hex.formatHex(globalId) + ":" + hex.formatHex(branchQualifier);
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XidBytes other && formatId == other.formatId && Arrays.equals(globalId, other.globalId)
                && Arrays.equals(branchQualifier, other.branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalId)) + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        return printable();
    }
}
