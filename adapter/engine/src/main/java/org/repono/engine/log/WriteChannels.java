package org.repono.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Objects;
import java.util.Set;

/**
 * Opens the channels the log writes segments through and the directory channels it fsyncs. The one place where
 * a test can put a faulty channel under the writer (a write hitting ENOSPC, an fsync returning EIO) and see what
 * the engine does with the failure; the shipped engine pays one volatile read per segment file or directory sync.
 */
public final class WriteChannels {

    /** How a channel is opened: {@link FileChannel#open(Path, Set, FileAttribute[])} unless replaced. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path file, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException;
    }

    private static final Opener PLATFORM = FileChannel::open;
    private static volatile Opener opener = PLATFORM;

    private WriteChannels() {
    }

    static FileChannel open(Path file, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        return opener.open(file, options, attributes);
    }

    /**
     * Replaces the opener for every repository of this JVM (fault injection in tests: a replacement should pass
     * paths it does not target on to the previous opener). Returns the previous opener, to be restored with
     * {@link #restore}.
     */
    public static synchronized Opener replace(Opener replacement) {
        Opener previous = opener;
        opener = Objects.requireNonNull(replacement, "replacement");
        return previous;
    }

    /** Puts back an opener returned by {@link #replace}. */
    public static synchronized void restore(Opener previous) {
        opener = Objects.requireNonNull(previous, "previous");
    }

    /** The opener used when nothing was replaced. */
    public static Opener platform() {
        return PLATFORM;
    }
}
