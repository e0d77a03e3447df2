package org.repono.facade;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.repono.api.LockHolder;

/**
 * Recognizes this server process among a lock's holders. borg names a holder {@code <fqdn>@<node>} with the
 * process id: this process's pid on this host's name.
 */
public final class ThisServer {

    private static final long PID = ProcessHandle.current().pid();
    private static final Set<String> HOST_NAMES = hostNames();

    private ThisServer() {
    }

    public static boolean holds(LockHolder holder) {
        if (holder.pid() != PID) {
            return false;
        }
        String host = holder.host() == null ? "" : holder.host();
        int at = host.lastIndexOf('@');
        String name = (at >= 0 ? host.substring(0, at) : host).toLowerCase(Locale.ROOT);
        // an unknown name of our own host: the pid alone has to do
        return HOST_NAMES.isEmpty() || HOST_NAMES.contains(name)
                || HOST_NAMES.stream().anyMatch(own -> firstLabel(own).equals(firstLabel(name)));
    }

    private static String firstLabel(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    public static LockHolderView view(LockHolder holder) {
        return new LockHolderView(holder.host(), holder.pid(), holder.thread(), holder.stale(), holds(holder));
    }

    private static Set<String> hostNames() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName().toLowerCase(Locale.ROOT));
            names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException | SecurityException e) {
            // no name: see holds
        }
        return names;
    }
}
