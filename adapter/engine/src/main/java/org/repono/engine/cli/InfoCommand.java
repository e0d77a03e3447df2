package org.repono.engine.cli;

import org.repono.engine.Repository;
import org.repono.engine.RepositoryStats;
import picocli.CommandLine.Command;

/** {@code info REPO}: the repository's figures as one JSON object on one line. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the repository's figures as one JSON object: objects, segments, segment_bytes, "
                + "freeable_bytes, transaction_id, append_only, index_checkpoint_transaction, storage quota and "
                + "prepared branches.")
final class InfoCommand extends RepositoryCommand {

    @Override
    int run() {
        try (Repository r = open(false)) {
            root.out().println(json(r.stats()));
        }
        return ExitCode.OK;
    }

    static String json(RepositoryStats s) {
        return new JsonObject()
                .put("repository", s.path() == null ? null : s.path().toString())
                .put("objects", s.objects())
                .put("segments", s.segments())
                .put("segment_bytes", s.segmentBytes())
                .put("freeable_bytes", s.freeableBytes())
                .put("transaction_id", s.transactionId())
                .put("append_only", s.appendOnly())
                .put("index_checkpoint_transaction", s.indexCheckpointTransaction())
                .put("storage_quota", s.storageQuota())
                .put("storage_quota_use", s.storageQuotaUse())
                .put("prepared_branches", s.preparedBranches())
                .toString();
    }
}
