package org.repono.engine.txn;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.RepositoryException;
import org.repono.engine.StorageQuotaExceededException;
import org.repono.engine.Transaction;
import org.repono.engine.TransactionStateException;
import org.repono.engine.format.SegmentEntry;

/**
 * A private transaction on a {@link LogStore}: stages into a {@link Staging}, reads committed data plus its own
 * writes, prepares durably (invariant 4) and commits through the store's commit queue (invariant 1).
 */
final class StagedTransaction implements Transaction {

    enum State { ACTIVE, PREPARED, COMMITTED, ROLLED_BACK }

    private final LogStore store;
    private Staging staging;
    private State state = State.ACTIVE;
    private RepositoryException doomed;
    private PreparedFiles.Prepared prepared;

    StagedTransaction(LogStore store, Staging staging) {
        this.store = store;
        this.staging = staging;
    }

    State state() {
        return state;
    }

    Staging staging() {
        return staging;
    }

    PreparedFiles.Prepared prepared() {
        return prepared;
    }

    // ---- changes -------------------------------------------------------------------------------------

    @Override
    public void put(byte[] id, byte[] data) {
        requireActive("put");
        Ids.requireId(store.path(), id);
        if (data == null) {
            throw new IllegalArgumentException("data of object " + Ids.hex(id) + " is null");
        }
        Ids.requireSize(store.path(), id, data.length);
        try {
            staging.put(id, data);
        } catch (IOException e) {
            throw new RepositoryException(store.path(), "cannot stage object " + Ids.hex(id) + ": " + e.getMessage(), e);
        }
        checkQuota();
    }

    @Override
    public void put(byte[] id, InputStream data, long length) {
        requireActive("put");
        Ids.requireId(store.path(), id);
        if (data == null) {
            throw new IllegalArgumentException("data stream of object " + Ids.hex(id) + " is null");
        }
        Ids.requireSize(store.path(), id, length);
        try {
            staging.put(id, data, (int) length);
        } catch (EOFException e) {
            throw new IllegalArgumentException("object " + Ids.hex(id) + ": " + e.getMessage()
                    + "; nothing was staged", e);
        } catch (IOException e) {
            throw new RepositoryException(store.path(), "cannot stage object " + Ids.hex(id) + ": " + e.getMessage(), e);
        }
        checkQuota();
    }

    /** borg dooms a transaction whose puts exceed the quota: the error now, and again at commit. */
    private void checkQuota() {
        long quota = store.storageQuota();
        if (quota > 0) {
            long use = store.storageQuotaUse() + staging.livePutBytes();
            if (use > quota) {
                doomed = new StorageQuotaExceededException(store.path(), "The storage quota (" + quota
                        + " bytes) has been exceeded (" + use + " bytes). Try deleting some archives.");
                throw doomed;
            }
        }
    }

    @Override
    public void delete(byte[] id) {
        requireActive("delete");
        Ids.requireId(store.path(), id);
        int record = staging.find(id);
        boolean present = record >= 0 ? staging.tag(record) == SegmentEntry.TAG_PUT : store.contains(id);
        if (!present) {
            throw new ObjectNotFoundException(store.path(), id);
        }
        try {
            staging.delete(id);
        } catch (IOException e) {
            throw new RepositoryException(store.path(), "cannot stage the delete of " + Ids.hex(id) + ": " + e.getMessage(), e);
        }
    }

    // ---- reads ---------------------------------------------------------------------------------------

    @Override
    public byte[] get(byte[] id) {
        requireReadable();
        Ids.requireId(store.path(), id);
        int record = staging.find(id);
        if (record < 0) {
            return store.get(id);
        }
        if (staging.tag(record) != SegmentEntry.TAG_PUT) {
            throw new ObjectNotFoundException(store.path(), id);
        }
        try {
            return staging.data(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged object " + Ids.hex(id), e);
        }
    }

    @Override
    public InputStream openStream(byte[] id) {
        requireReadable();
        Ids.requireId(store.path(), id);
        int record = staging.find(id);
        if (record < 0) {
            return store.openStream(id);
        }
        if (staging.tag(record) != SegmentEntry.TAG_PUT) {
            throw new ObjectNotFoundException(store.path(), id);
        }
        try {
            return staging.openData(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged object " + Ids.hex(id), e);
        }
    }

    @Override
    public boolean contains(byte[] id) {
        requireReadable();
        Ids.requireId(store.path(), id);
        int record = staging.find(id);
        if (record < 0) {
            return store.contains(id);
        }
        return staging.tag(record) == SegmentEntry.TAG_PUT;
    }

    @Override
    public Optional<Long> objectSize(byte[] id) {
        requireReadable();
        Ids.requireId(store.path(), id);
        int record = staging.find(id);
        if (record < 0) {
            return store.objectSize(id);
        }
        return staging.tag(record) == SegmentEntry.TAG_PUT ? Optional.of((long) staging.dataLength(record)) : Optional.empty();
    }

    @Override
    public long size() {
        requireReadable();
        return store.sizeSeenBy(staging);
    }

    @Override
    public List<byte[]> list(int limit, byte[] marker) {
        requireReadable();
        return store.listSeenBy(staging, limit, marker);
    }

    @Override
    public boolean isReadOnly() {
        return staging == null || staging.isEmpty();
    }

    // ---- outcome -------------------------------------------------------------------------------------

    @Override
    public void prepare(byte[] xid) {
        requireActive("prepare");
        if (doomed != null) {
            RepositoryException e = doomed;
            rollback();
            throw e;
        }
        prepared = store.prepare(this, xid);
        state = State.PREPARED;
    }

    @Override
    public void commit() {
        if (state == State.PREPARED) {
            store.commitPrepared(prepared.xid());
            return;
        }
        requireActive("commit");
        if (doomed != null) {
            RepositoryException e = doomed;
            rollback();
            throw e;
        }
        if (staging.isEmpty()) {
            // nothing to write: no log commit, and no lock upgrade for a reader
            finish(State.COMMITTED);
            return;
        }
        try {
            store.commit(staging, null, null);
            finish(State.COMMITTED);
        } catch (RuntimeException e) {
            finish(State.ROLLED_BACK);
            throw e;
        }
    }

    /** Called by the store when this prepared branch committed (or rolled back) by xid. */
    void decided(boolean committed) {
        finish(committed ? State.COMMITTED : State.ROLLED_BACK);
    }

    @Override
    public void rollback() {
        switch (state) {
            case ACTIVE -> finish(State.ROLLED_BACK);
            case PREPARED -> store.rollbackPrepared(prepared.xid());
            case ROLLED_BACK -> {
            }
            case COMMITTED -> throw new TransactionStateException(store.path(), "cannot roll back: the transaction already committed");
        }
    }

    @Override
    public void close() {
        if (state == State.ACTIVE) {
            finish(State.ROLLED_BACK);
        }
    }

    private void finish(State end) {
        if (state == State.COMMITTED || state == State.ROLLED_BACK) {
            return;
        }
        state = end;
        if (staging != null) {
            staging.close();
        }
        store.transactionEnded();
    }

    private void requireActive(String what) {
        if (state != State.ACTIVE) {
            throw new TransactionStateException(store.path(), "cannot " + what + ": the transaction is "
                    + state.name().toLowerCase().replace('_', ' '));
        }
        store.requireOpen();
    }

    private void requireReadable() {
        if (state == State.COMMITTED || state == State.ROLLED_BACK) {
            throw new TransactionStateException(store.path(), "cannot read: the transaction is "
                    + state.name().toLowerCase().replace('_', ' '));
        }
        store.requireOpen();
    }
}
