package org.repono.engine.cli;

import java.util.ArrayList;
import java.util.List;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code delete REPO ID...}: deletes the objects in one transaction; one missing id deletes none of them. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete objects by id, all in one transaction (none is deleted when one is missing).")
final class DeleteCommand extends RepositoryCommand {

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "object ids: 64 hex digits each")
    List<String> ids;

    @Override
    int run() {
        List<byte[]> keys = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            keys.add(ObjectIdArgument.parse(ids.size() == 1 ? "ID" : "ID #" + (i + 1), ids.get(i)));
        }
        try (Repository r = open(true); Transaction tx = r.begin()) {
            for (byte[] key : keys) {
                tx.delete(key);
            }
            tx.commit();
        }
        return ExitCode.OK;
    }
}
