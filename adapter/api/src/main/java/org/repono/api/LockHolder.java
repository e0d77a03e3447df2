package org.repono.api;

/** One holder of the repository's borg lock: host id, pid, exclusive or shared, and whether it is stale (dead). */
public record LockHolder(String host, long pid, int thread, boolean exclusive, boolean stale) {
}
