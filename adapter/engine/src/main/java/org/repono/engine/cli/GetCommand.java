package org.repono.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.repono.engine.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code get REPO ID OUTFILE}: streams one object's data into OUTFILE ({@code -} = stdout). The file appears
 * only complete: the data goes to a temporary file beside it, renamed over OUTFILE once every byte passed the
 * engine's checks, so a failed get leaves OUTFILE as it was.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Write one object's data to OUTFILE ('-' = stdout), streamed.")
final class GetCommand extends RepositoryCommand {
    private static final int BUFFER = 1 << 18;

    @Parameters(index = "1", paramLabel = "ID", description = "the object's id: 64 hex digits")
    String id;

    @Parameters(index = "2", paramLabel = "OUTFILE", description = "where the data goes; '-' = stdout")
    String outfile;

    @Override
    int run() throws IOException {
        byte[] key = ObjectIdArgument.parse("ID", id);
        if (outfile.equals("-")) {
            try (Repository r = open(false); InputStream in = r.openStream(key)) {
                copy(in, root.out());
                root.out().flush();
            }
            return ExitCode.OK;
        }
        Path target = Path.of(outfile).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("OUTFILE " + outfile + " is a directory");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("OUTFILE " + outfile + ": its folder does not exist");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".repono-get.tmp");
        try (Repository r = open(false); InputStream in = r.openStream(key)) {
            // CREATE_NEW without attributes: the file gets the user's umask, like any file a command writes
            try (OutputStream o = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copy(in, o);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return ExitCode.OK;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
    }
}
