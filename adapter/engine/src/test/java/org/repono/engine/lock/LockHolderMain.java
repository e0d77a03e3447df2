package org.repono.engine.lock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process holding a repository lock, driven by {@link ChildLockHolder} through stdin/stdout.
 * Args: repo, "exclusive"|"shared", wait in ms (-1 = forever), host id ("-" = default resolution).
 * Prints "LOCKED &lt;owner&gt;" or "FAILED &lt;class&gt; &lt;message&gt;", then obeys "upgrade &lt;wait ms&gt;", "downgrade",
 * "release" (one per line, each answered by "OK" or "FAILED ...") until "release" or end of input.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        boolean exclusive = args[1].equals("exclusive");
        long waitMs = Long.parseLong(args[2]);
        String hostId = args[3].equals("-") ? null : args[3];
        RepositoryLock lock;
        try {
            lock = RepositoryLock.acquire(repo, exclusive, waitMs < 0 ? null : Duration.ofMillis(waitMs), hostId);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getClass().getSimpleName() + " " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("LOCKED " + lock.owner().lockFileName());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            try {
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "upgrade" -> lock.upgrade(Duration.ofMillis(Long.parseLong(words[1])));
                    case "downgrade" -> lock.downgrade();
                    case "release" -> lock.close();
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
                System.out.println("OK");
            } catch (RuntimeException e) {
                System.out.println("FAILED " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
            System.out.flush();
            if (line.trim().equals("release")) {
                return;
            }
        }
        lock.close();
    }
}
