package org.repono.engine.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A child's stdout read as complete lines only: a line cut short by the kill (no newline) was never fully announced,
 * so it does not count. Each line is handed to a listener as soon as it arrives (the kill policy reacts to it).
 */
final class ChildLines implements Runnable {
    private final InputStream in;
    private final Consumer<String> listener;
    private final List<String> lines = new ArrayList<>();
    private String partial = "";
    private final Thread thread;

    ChildLines(InputStream in, Consumer<String> listener) {
        this.in = in;
        this.listener = listener;
        this.thread = new Thread(this, "child-lines");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        ByteArrayOutputStream current = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        String line = current.toString(StandardCharsets.US_ASCII);
                        current.reset();
                        synchronized (this) {
                            lines.add(line);
                        }
                        listener.accept(line);
                    } else {
                        current.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the pipe broke with the child: what was read is what counts
        }
        synchronized (this) {
            partial = current.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Waits for the end of the output (the child is dead) and returns every complete line. */
    List<String> awaitAll() throws InterruptedException {
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new AssertionError("the child's output did not end 30 s after it died");
        }
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    /** Bytes of a last line cut short by the kill. */
    synchronized String partial() {
        return partial;
    }
}
