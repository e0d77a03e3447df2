package org.repono.rar;

import java.nio.charset.StandardCharsets;
import javax.transaction.xa.Xid;

/** An Xid as a transaction manager makes one (its own class, not the adapter's). */
record TestXid(int formatId, byte[] global, byte[] branch) implements Xid {

    static TestXid of(String global, String branch) {
        return new TestXid(0x1234, global.getBytes(StandardCharsets.UTF_8), branch.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return global.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branch.clone();
    }
}
