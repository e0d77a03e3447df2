package org.repono.engine.faults;

import java.util.Arrays;
import java.util.Map;
import org.repono.engine.Repository;
import org.repono.engine.log.SegmentFiles;

/**
 * What a test compares before and after a failure: the transaction id, the segment files on disk and every
 * object's content (id hex -> sha256 hex).
 */
record RepositoryState(long transactionId, long[] segments, Map<String, String> objects) {

    static RepositoryState of(Repository repo) {
        SegmentFiles files = new SegmentFiles(repo.path(), 1000);
        return new RepositoryState(repo.stats().transactionId(), files.list(), StoredObjects.read(repo));
    }

    /** Null when equal, else what differs. */
    String differenceTo(RepositoryState other) {
        StringBuilder sb = new StringBuilder();
        if (transactionId != other.transactionId) {
            sb.append("transaction id ").append(transactionId).append(" -> ").append(other.transactionId).append("; ");
        }
        if (!Arrays.equals(segments, other.segments)) {
            sb.append("segments ").append(Arrays.toString(segments)).append(" -> ").append(Arrays.toString(other.segments))
                    .append("; ");
        }
        if (!objects.equals(other.objects)) {
            sb.append("objects:").append(StoredObjects.difference(objects, other.objects));
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
