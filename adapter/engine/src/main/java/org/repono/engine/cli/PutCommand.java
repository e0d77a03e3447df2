package org.repono.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.repono.engine.Repository;
import org.repono.engine.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code put REPO FILE...}: stores each file as one object whose id is the SHA-256 of its bytes, all in one
 * transaction, streaming (a file is read twice, once for its id and once into the repository, never held
 * whole). Prints {@code <id-hex> <file>} per file once the transaction is committed.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Store files as objects (id = SHA-256 of the file's bytes), all in one transaction; "
                + "prints '<id> <file>' per file after the commit.")
final class PutCommand extends RepositoryCommand {
    /** borg 1.2.4's MAX_DATA_SIZE: the largest object a segment entry may hold. */
    static final long MAX_DATA_SIZE = 20_971_479L;
    private static final int BUFFER = 1 << 20;

    /** Kept as typed: the output names each file exactly as the command line did. */
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "files to store")
    List<String> names;

    @Override
    int run() throws IOException {
        List<Path> files = new ArrayList<>(names.size());
        for (String n : names) {
            files.add(Path.of(n));
        }
        long[] sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = checkedSize(files.get(i));
        }
        byte[] buffer = new byte[BUFFER];
        List<byte[]> ids = new ArrayList<>(files.size());
        for (Path f : files) {
            ids.add(sha256(f, buffer));
        }
        try (Repository r = open(true); Transaction tx = r.begin()) {
            for (int i = 0; i < files.size(); i++) {
                putChecked(tx, files.get(i), ids.get(i), sizes[i]);
            }
            tx.commit();
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            lines.append(ObjectIdArgument.hex(ids.get(i))).append(' ').append(names.get(i)).append('\n');
        }
        root.out().print(lines);
        return ExitCode.OK;
    }

    private static long checkedSize(Path f) throws IOException {
        if (!Files.exists(f)) {
            throw new NoSuchFileException(f.toString());
        }
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("FILE " + f + " is not a regular file");
        }
        if (!Files.isReadable(f)) {
            throw new java.nio.file.AccessDeniedException(f.toString());
        }
        long size = Files.size(f);
        if (size > MAX_DATA_SIZE) {
            throw new IllegalArgumentException("FILE " + f + " has " + size + " bytes; an object holds at most "
                    + MAX_DATA_SIZE + " bytes (borg's MAX_DATA_SIZE)");
        }
        return size;
    }

    /** Streams the file into the transaction and refuses it when its bytes changed since its id was computed. */
    private static void putChecked(Transaction tx, Path f, byte[] id, long size) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            tx.put(id, in, size);
            if (in.read() >= 0) {
                throw new IllegalArgumentException("FILE " + f + " grew while it was being stored");
            }
        }
        if (!Arrays.equals(md.digest(), id)) {
            throw new IllegalArgumentException("FILE " + f + " changed while it was being stored");
        }
    }

    static byte[] sha256(Path f, byte[] buffer) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
