package org.repono.facade;

/** One holder of a repository's borg lock, with borg 1.2.4's verdict on whether it is stale. */
public record LockHolderView(String host, long pid, long thread, boolean stale, boolean thisServer) {
}
