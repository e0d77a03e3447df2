package org.repono.engine.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.repono.engine.Repository;
import picocli.CommandLine.Command;

/** {@code list REPO}: every committed object id, one per line in hex, in borg's order (index bucket order). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Print every object id, one per line (64 hex digits), in borg's order.")
final class ListCommand extends RepositoryCommand {
    /** Pages as borg's RemoteRepository lists: large enough to be cheap, small enough to stay out of the heap. */
    static final int PAGE = 10_000;

    @Override
    int run() throws IOException {
        HexFormat hex = HexFormat.of();
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(root.out(), StandardCharsets.US_ASCII), 1 << 16);
        try (Repository r = open(false)) {
            byte[] marker = null;
            for (List<byte[]> page; !(page = r.list(PAGE, marker)).isEmpty(); marker = page.get(page.size() - 1)) {
                for (byte[] id : page) {
                    w.write(hex.formatHex(id));
                    w.write('\n');
                }
            }
        } finally {
            w.flush();
        }
        return ExitCode.OK;
    }
}
