package org.repono.engine.faults;

import java.nio.file.Path;
import org.repono.engine.log.WriteChannels;

/**
 * Puts {@link FaultyChannel}s under the log's writes and syncs of one repository (through the engine's only seam,
 * {@link WriteChannels}); channels of any other path pass through untouched, so tests running beside this one are
 * not disturbed. Closing restores the previous opener.
 */
final class FaultInjection implements AutoCloseable {
    private final WriteChannels.Opener previous;
    final FaultyChannel.Faults faults = new FaultyChannel.Faults();

    private FaultInjection(Path repository) {
        Path root = repository.toAbsolutePath().normalize();
        WriteChannels.Opener[] before = new WriteChannels.Opener[1];
        before[0] = WriteChannels.replace((file, options, attributes) -> {
            var channel = before[0].open(file, options, attributes);
            return file.toAbsolutePath().normalize().startsWith(root) ? new FaultyChannel(channel, file, faults) : channel;
        });
        previous = before[0];
    }

    static FaultInjection under(Path repository) {
        return new FaultInjection(repository);
    }

    @Override
    public void close() {
        WriteChannels.restore(previous);
    }
}
