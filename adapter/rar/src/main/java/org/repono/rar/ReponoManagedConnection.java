package org.repono.rar;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;

/**
 * A physical connection to one repository: cheap (the engine is shared), it carries what its handles work in -
 * the XA branch the transaction manager started on it, or a local transaction, or neither (then each change
 * commits by itself) - and tells the server what happens to it through connection events.
 */
final class ReponoManagedConnection implements ManagedConnection {

    private static final System.Logger LOG = System.getLogger(ReponoManagedConnection.class.getName());

    private final ReponoManagedConnectionFactory factory;
    final SharedRepository repository;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private final BranchResource xaResource;
    private volatile Branch branch;
    private volatile LocalWork local;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    /** A local transaction and who began it (only the application's are reported as connection events). */
    private record LocalWork(Transaction transaction, boolean byApplication) {
    }

    ReponoManagedConnection(ReponoManagedConnectionFactory factory, SharedRepository repository) {
        this.factory = factory;
        this.repository = repository;
        this.xaResource = new BranchResource(this, repository);
    }

    boolean madeBy(ReponoManagedConnectionFactory candidate) {
        return !destroyed && factory.equals(candidate);
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new IllegalStateException("the connection to repository '" + repository.name() + "' was destroyed");
        }
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    // ---- what the handles' work runs in ---------------------------------------------------------------

    /** A read: in the branch or local transaction (own changes visible), else of the committed state. */
    <T> T read(Function<Repository, T> committed, Function<Transaction, T> own) {
        Branch current = branch;
        if (current != null) {
            return current.read(committed, own);
        }
        LocalWork work = local;
        if (work != null) {
            return own.apply(work.transaction());
        }
        return committed.apply(repository.engine());
    }

    /** A change: staged in the branch or local transaction, else committed by itself before returning. */
    <T> T change(Function<Transaction, T> step) {
        Branch current = branch;
        if (current != null) {
            return current.change(step);
        }
        LocalWork work = local;
        if (work != null) {
            return step.apply(work.transaction());
        }
        try (Transaction own = repository.engine().begin()) {
            T result = step.apply(own);
            own.commit();
            return result;
        }
    }

    void associate(Branch started) {
        if (local != null) {
            LOG.log(System.Logger.Level.WARNING, "repository ''{0}'': a JTA branch starts on a connection with a"
                    + " local transaction in progress", repository.name());
        }
        branch = started;
    }

    void dissociate(XidBytes ended) {
        Branch current = branch;
        if (current != null && current.xid.equals(ended)) {
            branch = null;
        }
    }

    boolean inJtaTransaction() {
        return branch != null;
    }

    // ---- local transactions ---------------------------------------------------------------------------

    void beginLocal(boolean byApplication) {
        if (branch != null) {
            throw new java.lang.IllegalStateException("repository '" + repository.name()
                    + "': this connection works in a JTA transaction; a local transaction cannot begin");
        }
        if (local != null) {
            throw new java.lang.IllegalStateException("repository '" + repository.name()
                    + "': a local transaction is in progress on this connection already");
        }
        local = new LocalWork(repository.engine().begin(), byApplication);
        if (byApplication) {
            send(ConnectionEvent.LOCAL_TRANSACTION_STARTED, null, null);
        }
    }

    void commitLocal(boolean byApplication) {
        LocalWork work = endLocal("commit");
        boolean committed = false;
        try {
            work.transaction().commit();
            committed = true;
        } finally {
            work.transaction().close();
            if (byApplication) {
                // a commit that failed was rolled back by the engine
                send(committed ? ConnectionEvent.LOCAL_TRANSACTION_COMMITTED : ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK,
                        null, null);
            }
        }
    }

    void rollbackLocal(boolean byApplication) {
        LocalWork work = endLocal("roll back");
        try {
            work.transaction().rollback();
        } finally {
            work.transaction().close();
            if (byApplication) {
                send(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, null, null);
            }
        }
    }

    private LocalWork endLocal(String what) {
        LocalWork work = local;
        if (work == null) {
            throw new java.lang.IllegalStateException("repository '" + repository.name() + "': cannot " + what
                    + ": no local transaction was begun on this connection");
        }
        local = null;
        return work;
    }

    // ---- handles and events ---------------------------------------------------------------------------

    /** A handle's close: the server may put the connection back into its pool (after its transaction ends). */
    void closed(ConnectionHandle handle) {
        handles.remove(handle);
        LocalWork work = local;
        if (handles.isEmpty() && work != null && work.byApplication()) {
            // nobody is left to commit it: a local transaction never outlives its last handle
            LOG.log(System.Logger.Level.WARNING, "repository ''{0}'': a local transaction was still in progress when"
                    + " its connection closed; it was rolled back", repository.name());
            rollbackLocal(true);
        }
        send(ConnectionEvent.CONNECTION_CLOSED, handle, null);
    }

    /** The repository failed under a handle: the server should destroy this connection, not pool it. */
    void failed(ConnectionHandle handle, Exception cause) {
        send(ConnectionEvent.CONNECTION_ERROR_OCCURRED, handle, cause);
    }

    private void send(int type, ConnectionHandle handle, Exception cause) {
        ConnectionEvent event = cause == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, cause);
        if (handle != null) {
            event.setConnectionHandle(handle);
        }
        for (ConnectionEventListener listener : listeners) {
            switch (type) {
                case ConnectionEvent.CONNECTION_CLOSED -> listener.connectionClosed(event);
                case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> listener.localTransactionStarted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED -> listener.localTransactionCommitted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK -> listener.localTransactionRolledback(event);
                default -> listener.connectionErrorOccurred(event);
            }
        }
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (destroyed) {
            throw new IllegalStateException("the connection to repository '" + repository.name() + "' was destroyed");
        }
        if (!(connection instanceof ConnectionHandle handle)) {
            throw new IllegalStateException("not a Repono connection handle: " + connection);
        }
        handle.moveTo(this);
        handles.add(handle);
    }

    void forget(ConnectionHandle handle) {
        handles.remove(handle);
    }

    /** Back to the pool: handles stop working; a local transaction nobody finished is rolled back. */
    @Override
    public void cleanup() {
        String why = destroyed ? "the server destroyed its physical connection (e.g. after its transaction timed out)"
                : "the server took it back (its transaction ended - committed, rolled back or timed out - or it was"
                + " released)";
        for (ConnectionHandle handle : handles) {
            handle.invalidate(why);
        }
        handles.clear();
        LocalWork work = local;
        local = null;
        if (work != null) {
            try {
                work.transaction().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "repository ''{0}'': rollback at cleanup failed: {1}",
                        repository.name(), e.toString());
            }
        }
        branch = null;
    }

    /** The engine stays open: it is the repository's, shared with every other connection. */
    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return new ContainerLocalTransaction(this);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ReponoConnectionMetaData();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
