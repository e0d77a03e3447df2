package org.repono.engine.lock;

/**
 * Who holds a borg lock: borg's (host, pid, thread) triple. borg 1.2.4 always uses thread 0.
 *
 * @param host   borg's host id ($BORG_HOST_ID, else "fqdn@node")
 * @param pid    the operating-system process id
 * @param thread always 0 for borg 1.2.4 and this engine; anything else is never considered stale
 */
public record ProcessIdentity(String host, long pid, long thread) {

    public ProcessIdentity {
        if (host == null) {
            throw new IllegalArgumentException("lock holder host id is null");
        }
    }

    /** This process under the given borg host id (thread always 0, as borg 1.2.4). */
    public static ProcessIdentity currentProcess(String hostId) {
        return new ProcessIdentity(hostId, ProcessHandle.current().pid(), 0);
    }

    /** The file name borg puts inside {@code lock.exclusive/}: {@code "%s.%d-%x" % (host, pid, thread)}. */
    public String lockFileName() {
        return host + "." + pid + "-" + (thread < 0 ? "-" + Long.toHexString(-thread) : Long.toHexString(thread));
    }

    /**
     * Parses a {@code lock.exclusive/} file name the way borg's kill_stale_lock does
     * ({@code rsplit('-', 1)}, then {@code rsplit('.', 1)}, int, int base 16).
     *
     * @return the identity, or null when borg would call the name malformed
     */
    public static ProcessIdentity parseLockFileName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash < 0) {
            return null;
        }
        String hostPid = name.substring(0, dash);
        int dot = hostPid.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        Long pid = parseInteger(hostPid.substring(dot + 1), 10);
        Long thread = parseInteger(name.substring(dash + 1), 16);
        if (pid == null || thread == null) {
            return null;
        }
        return new ProcessIdentity(hostPid.substring(0, dot), pid, thread);
    }

    /** Python's int(text, radix) for the forms borg writes: optional sign, digits; null if not a number. */
    private static Long parseInteger(String text, int radix) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("+") || t.equals("-")) {
            return null;
        }
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through method handles at
    // their first call, which costs a young JVM tens of ms inside the first lock taken (an open)
    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessIdentity p && pid == p.pid && thread == p.thread && host.equals(p.host);
    }

    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + Long.hashCode(pid)) * 31 + Long.hashCode(thread);
    }

    @Override
    public String toString() {
        return lockFileName();
    }
}
