package org.repono.engine.lock;

/**
 * Who holds a borg lock: borg's (host, pid, thread) triple. borg 1.2.4 always uses thread 0.
 *
 * @param host   borg's host id ($BORG_HOST_ID, else "fqdn@node")
 * @param pid    the operating-system process id
 * @param thread always 0 for borg 1.2.4 and this engine; anything else is never considered stale
 */
public record ProcessIdentity(String host, long pid, long thread) {
}
