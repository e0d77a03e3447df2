package org.repono.engine.txn;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One transaction waiting in the commit queue. {@link #done} completes with the transaction id of the log
 * commit that carried it (or -1 when it had nothing to write), or exceptionally with the reason it failed.
 *
 * @param staging       the entries to write
 * @param marker        for a prepared branch: the key whose DELETE proves it committed (invariant 4); else null
 * @param preparedFile  for a prepared branch: its file, deleted once the commit is durable; else null
 */
record CommitRequest(Staging staging, byte[] marker, Path preparedFile, CompletableFuture<Long> done) {

    CommitRequest(Staging staging, byte[] marker, Path preparedFile) {
        this(staging, marker, preparedFile, new CompletableFuture<>());
    }

    boolean prepared() {
        return marker != null;
    }
}
