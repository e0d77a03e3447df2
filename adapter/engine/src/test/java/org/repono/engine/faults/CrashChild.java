package org.repono.engine.faults;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.repono.engine.Repositories;
import org.repono.engine.Repository;
import org.repono.engine.RepositoryOptions;
import org.repono.engine.Transaction;
import org.repono.engine.format.SegmentEntry;

/**
 * The program {@link CrashSafetyTest} runs in a child JVM and kills. It opens the repository and then, until it is
 * killed, commits transactions (puts of random sizes up to borg's largest object, overwrites, deletes), compacts and
 * checkpoints the index, announcing each operation on stdout when it STARTS and again when it is DONE:
 *
 * <pre>
 * OPEN START | OPEN DONE
 * COMMIT n START P:&lt;id&gt;:&lt;sha256&gt; ... D:&lt;id&gt; ...     (the complete list of the commit's changes)
 * COMMIT n DONE
 * COMPACT n START | COMPACT n DONE
 * CHECKPOINT n START | CHECKPOINT n DONE
 * </pre>
 *
 * A START line is complete on stdout before the operation begins, so the parent knows every change that may have
 * become visible. Arguments: repository path, random seed, checkpoint bytes, spill bytes.
 */
public final class CrashChild {
    /** Live data above which the child prefers deleting large objects (keeps each verification short). */
    private static final long LIVE_BYTES_TARGET = 8L << 20;
    private static final int LIVE_OBJECTS_TARGET = 300;
    /** A child nobody killed gives up (its parent is gone). */
    private static final long LIFETIME_NANOS = Duration.ofSeconds(60).toNanos();

    private final Repository repo;
    private final SplittableRandom random;
    private final PrintStream out;
    private final Map<String, Long> live = new HashMap<>();  // id hex -> data size
    private final List<String> liveIds = new ArrayList<>();
    private long liveBytes;
    private final MessageDigest sha;

    private CrashChild(Repository repo, SplittableRandom random, PrintStream out) throws NoSuchAlgorithmException {
        this.repo = repo;
        this.random = random;
        this.out = out;
        this.sha = MessageDigest.getInstance("SHA-256");
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
        RepositoryOptions options = RepositoryOptions.defaults()
                .withLockWait(Duration.ofSeconds(30))
                .withCheckpointBytes(Long.parseLong(args[2]))
                .withSpillBytes(Long.parseLong(args[3]));
        // unbuffered lines: what was printed before the kill is in the pipe, nothing is printed early
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        try {
            out.println("OPEN START");
            Repository repo = Repositories.open(path, options);
            out.println("OPEN DONE");
            new CrashChild(repo, random, out).run();
        } catch (Throwable e) {
            // the parent reads this line: a failure is never mistaken for a kill
            out.println("ERROR " + e.toString().replace('\n', ' '));
            e.printStackTrace();
            System.exit(3);
        }
    }

    private void run() {
        byte[] marker = null;
        while (true) {
            List<byte[]> page = repo.list(1000, marker);
            if (page.isEmpty()) {
                break;
            }
            for (byte[] id : page) {
                remember(HexFormat.of().formatHex(id), repo.objectSize(id).orElseThrow());
            }
            marker = page.get(page.size() - 1);
        }
        long started = System.nanoTime();
        for (long n = 1; System.nanoTime() - started < LIFETIME_NANOS; n++) {
            double r = random.nextDouble();
            if (r < 0.6) {
                commit(n);
            } else if (r < 0.8) {
                out.println("COMPACT " + n + " START");
                repo.compact(random.nextDouble() * 0.3, null, null);
                out.println("COMPACT " + n + " DONE");
            } else {
                out.println("CHECKPOINT " + n + " START");
                repo.checkpoint();
                out.println("CHECKPOINT " + n + " DONE");
            }
        }
        repo.close();
        System.exit(0);
    }

    private void commit(long n) {
        StringBuilder line = new StringBuilder(1024).append("COMMIT ").append(n).append(" START");
        Map<String, Long> puts = new HashMap<>();
        List<String> deletes = new ArrayList<>();
        try (Transaction txn = repo.begin()) {
            int deleteCount = random.nextInt(3);
            if (liveBytes > LIVE_BYTES_TARGET || live.size() > LIVE_OBJECTS_TARGET) {
                deleteCount += 4;
            }
            for (int i = 0; i < deleteCount && !liveIds.isEmpty(); i++) {
                String id = pickDeletion();
                if (deletes.contains(id)) {
                    continue;
                }
                txn.delete(HexFormat.of().parseHex(id));
                deletes.add(id);
                line.append(" D:").append(id);
            }
            int putCount = 1 + random.nextInt(6);
            for (int i = 0; i < putCount; i++) {
                String id;
                if (!liveIds.isEmpty() && random.nextInt(5) == 0) {
                    id = liveIds.get(random.nextInt(liveIds.size()));  // an overwrite: DELETE + PUT in the log
                    if (deletes.contains(id) || puts.containsKey(id)) {
                        continue;
                    }
                } else {
                    byte[] fresh = new byte[32];
                    for (int b = 0; b < 32; b++) {
                        fresh[b] = (byte) random.nextInt(256);
                    }
                    id = HexFormat.of().formatHex(fresh);
                }
                byte[] data = data(size());
                txn.put(HexFormat.of().parseHex(id), data);
                puts.put(id, (long) data.length);
                line.append(" P:").append(id).append(':').append(HexFormat.of().formatHex(sha.digest(data)));
            }
            out.println(line);
            txn.commit();
        }
        out.println("COMMIT " + n + " DONE");
        for (String id : deletes) {
            forget(id);
        }
        puts.forEach((id, size) -> {
            forget(id);
            remember(id, size);
        });
    }

    /** Mostly small objects, some up to a MiB, a few up to borg's largest (and now and then exactly that). */
    private int size() {
        int r = random.nextInt(1000);
        if (r < 850) {
            return random.nextInt(r < 400 ? 256 : 16 << 10);
        }
        if (r < 980) {
            return random.nextInt(1 << 20);
        }
        return r >= 997 ? SegmentEntry.MAX_DATA_SIZE : (1 << 20) + random.nextInt(SegmentEntry.MAX_DATA_SIZE - (1 << 20));
    }

    private byte[] data(int size) {
        byte[] data = new byte[size];
        long seed = random.nextLong();
        SplittableRandom fill = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = fill.nextLong();
            for (int b = 0; b < 8 && i + b < size; b++) {
                data[i + b] = (byte) (v >>> (8 * b));
            }
        }
        return data;
    }

    /** Big objects go first when the live data grew large. */
    private String pickDeletion() {
        String pick = liveIds.get(random.nextInt(liveIds.size()));
        if (liveBytes > LIVE_BYTES_TARGET) {
            for (int tries = 0; tries < 8 && live.get(pick) < (1 << 20); tries++) {
                pick = liveIds.get(random.nextInt(liveIds.size()));
            }
        }
        return pick;
    }

    private void remember(String id, long size) {
        live.put(id, size);
        liveIds.add(id);
        liveBytes += size;
    }

    private void forget(String id) {
        Long size = live.remove(id);
        if (size != null) {
            liveIds.remove(id);
            liveBytes -= size;
        }
    }
}
