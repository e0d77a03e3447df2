package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.repono.api.CompactionOutcome;
import org.repono.api.ObjectId;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;
import org.repono.api.RepositoryStatistics;

/**
 * One JTA transaction far larger than the server's heap, on a repository of its own (so that the test can take its
 * space back): objects streamed in from a generator (never whole in the heap), read back and digested, then deleted
 * and compacted away. Its definition names no security domain, so WildFly gives it no XA recovery (IJ020016 in
 * the server log, which RarTransactionsIT looks for next to rar-it-defined's, which has it). Bean-managed, so that the big transaction gets a timeout of its own (Jakarta EJB has no
 * annotation for that) and its commit can be timed apart.
 */
@Stateless
@PermitAll
@TransactionManagement(TransactionManagementType.BEAN)
@ConnectionFactoryDefinition(name = Large.JNDI_NAME,
        interfaceName = "org.repono.api.RepositoryConnectionFactory",
        resourceAdapter = "#repono-rar",
        transactionSupport = TransactionSupportLevel.XATransaction,
        properties = {"RepositoryPath=${repono.home}/repositories/rar-it-large", "RepositoryName=rar-it-large"})
public class Large {

    static final String JNDI_NAME = "java:app/repono/rar-it-large";

    @Resource(lookup = JNDI_NAME)
    RepositoryConnectionFactory repository;

    @Resource
    UserTransaction transaction;

    static ObjectId id(String name, int i) {
        return Names.id(name + "-" + i);
    }

    /**
     * Puts {@code count} objects of {@code size} bytes in one JTA transaction and commits it; answers the SHA-256 of
     * each content (comma separated), the count the transaction saw, the heap the server may use and the times.
     */
    public Map<String, Object> putAll(String name, int count, int size) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> digests = new ArrayList<>(count);
        transaction.setTransactionTimeout(1800);
        long started = System.nanoTime();
        transaction.begin();
        try {
            try (RepositoryConnection c = repository.getConnection()) {
                for (int i = 0; i < count; i++) {
                    MessageDigest sha = sha256();
                    try (InputStream data = new DigestInputStream(new Generated(name.hashCode() * 31L + i, size), sha)) {
                        c.put(id(name, i), data, size);
                    }
                    digests.add(HexFormat.of().formatHex(sha.digest()));
                }
                out.put("countInside", c.count());
                out.put("tmpEntriesInside", tmpEntries(c));
            }
        } catch (Exception | Error e) {
            transaction.rollback();
            throw e;
        } finally {
            transaction.setTransactionTimeout(0);
        }
        long staged = System.nanoTime();
        transaction.commit();
        out.put("putSeconds", (staged - started) / 1e9);
        out.put("commitSeconds", (System.nanoTime() - staged) / 1e9);
        out.put("digests", String.join(",", digests));
        out.put("maxHeap", Runtime.getRuntime().maxMemory());
        return out;
    }

    /** Outside any transaction: each object streamed back and digested; how many differ from {@code digests}. */
    public Map<String, Object> verify(String name, String digests) {
        String[] expected = digests.split(",");
        int mismatches = 0;
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (RepositoryConnection c = repository.getConnection()) {
            for (int i = 0; i < expected.length; i++) {
                MessageDigest sha = sha256();
                try (InputStream in = c.openStream(id(name, i))) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                        bytes += n;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!HexFormat.of().formatHex(sha.digest()).equals(expected[i])) {
                    mismatches++;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mismatches", mismatches);
            out.put("bytesRead", bytes);
            out.put("objects", c.count());
            out.put("tmpEntries", tmpEntries(c));
            return out;
        }
    }

    /** Deletes the objects in one JTA transaction. */
    public void deleteAll(String name, int count) throws Exception {
        transaction.begin();
        try (RepositoryConnection c = repository.getConnection()) {
            for (int i = 0; i < count; i++) {
                c.delete(id(name, i));
            }
        } catch (Exception | Error e) {
            transaction.rollback();
            throw e;
        }
        transaction.commit();
    }

    /** Compacts every segment with anything to free; answers the figures after. */
    public Map<String, Object> compact() {
        try (RepositoryConnection c = repository.getConnection()) {
            CompactionOutcome outcome = c.maintenance().compact(0.0, null, null);
            RepositoryStatistics after = c.maintenance().statistics();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("compaction", String.valueOf(outcome));
            out.put("objects", after.objects());
            out.put("segmentBytes", after.segmentBytes());
            out.put("tmpEntries", tmpEntries(c));
            return out;
        }
    }

    /** What is left in the repository's spill folder (repono/tmp): a transaction's files, until it ends. */
    private static long tmpEntries(RepositoryConnection c) {
        java.nio.file.Path tmp = java.nio.file.Path.of(c.address().folder(), "repono", "tmp");
        if (!java.nio.file.Files.isDirectory(tmp)) {
            return 0;
        }
        try (var entries = java.nio.file.Files.list(tmp)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code length} pseudo-random bytes from a seed, made as they are read (nothing held but one long). */
    static final class Generated extends InputStream {
        private final SplittableRandom random;
        private long left;
        private long word;
        private int wordLeft;

        Generated(long seed, long length) {
            this.random = new SplittableRandom(seed);
            this.left = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                if (wordLeft == 0) {
                    word = random.nextLong();
                    wordLeft = 8;
                }
                b[off + i] = (byte) word;
                word >>>= 8;
                wordLeft--;
            }
            left -= n;
            return n;
        }
    }
}
