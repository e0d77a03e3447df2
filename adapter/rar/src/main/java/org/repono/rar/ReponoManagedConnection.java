package org.repono.rar;

import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/** A physical connection to one repository folder; hands out {@link ConnectionHandle}s. */
final class ReponoManagedConnection implements ManagedConnection {

    private final ReponoManagedConnectionFactory factory;
    private final Path folder;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    ReponoManagedConnection(ReponoManagedConnectionFactory factory, Path folder) {
        this.factory = factory;
        this.folder = folder;
    }

    boolean madeBy(ReponoManagedConnectionFactory candidate) {
        return factory.equals(candidate);
    }

    Path folder() {
        return folder;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws IllegalStateException {
        if (destroyed) {
            throw new IllegalStateException("the connection to " + folder + " was destroyed");
        }
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** Called by a handle's close: tells the server the physical connection can go back to the pool. */
    void closed(ConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            listener.connectionClosed(event);
        }
    }

    @Override
    public void associateConnection(Object connection) throws IllegalStateException {
        if (!(connection instanceof ConnectionHandle handle)) {
            throw new IllegalStateException("not a Repono connection handle: " + connection);
        }
        handle.moveTo(this);
        handles.add(handle);
    }

    void forget(ConnectionHandle handle) {
        handles.remove(handle);
    }

    @Override
    public void cleanup() {
        for (ConnectionHandle handle : handles) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
        destroyed = true;
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
    public XAResource getXAResource() throws NotSupportedException {
        throw new NotSupportedException("Repono's placeholder resource adapter supports no transactions yet");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws NotSupportedException {
        throw new NotSupportedException("Repono's placeholder resource adapter supports no transactions yet");
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
