package org.repono.rar;

import jakarta.resource.spi.InvalidPropertyException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.repono.engine.RepositoryOptions;

/**
 * A connection definition's configuration, checked: what {@link ReponoManagedConnectionFactory}'s JavaBean
 * properties say once every value was found valid. Each refusal names the property (as ra.xml spells it) and the
 * value, so that a deployment that fails says which setting to fix.
 *
 * @param path            the repository's folder: absolute, normalised (not yet resolved through links)
 * @param name            the repository's name as shown to people (RepositoryName, else the folder's name)
 * @param createIfMissing create a borg repository when the folder is missing or empty
 * @param appendOnly      open (and create) in append-only mode
 * @param lockWait        how long to wait for borg's lock when opening
 * @param maxSegmentSize  config max_segment_size of a repository this adapter creates (0 = borg's default)
 * @param segmentsPerDir  config segments_per_dir of a repository this adapter creates (0 = borg's default)
 * @param checkpointBytes log bytes after which the index is checkpointed (0 = the engine's default)
 */
record RepositorySettings(Path path, String name, boolean createIfMissing, boolean appendOnly, Duration lockWait,
                          long maxSegmentSize, int segmentsPerDir, long checkpointBytes) {

    static final int DEFAULT_LOCK_WAIT_SECONDS = 10;
    /** borg 1.2.4 refuses max_segment_size >= 2**32 - MAX_OBJECT_SIZE (segment offsets are 32-bit). */
    static final long MAX_SEGMENT_SIZE_LIMIT = (1L << 32) - (20971479 + 41) - 1;
    static final long MIN_SEGMENT_SIZE = 1024;
    /** Below this a checkpoint would be written almost at every commit. */
    static final long MIN_CHECKPOINT_BYTES = 1024 * 1024;

    /** Checks the raw JavaBean values; nulls mean "not set" (the defaults apply). */
    static RepositorySettings of(String repositoryPath, String repositoryName, Boolean createIfMissing,
                                 Boolean appendOnly, Integer lockWaitSeconds, Long maxSegmentSize,
                                 Integer segmentsPerDir, Long checkpointBytes) throws InvalidPropertyException {
        Path path = path(repositoryPath);
        String name = repositoryName == null || repositoryName.isBlank()
                ? (path.getFileName() == null ? path.toString() : path.getFileName().toString())
                : repositoryName.strip();
        int wait = lockWaitSeconds == null ? DEFAULT_LOCK_WAIT_SECONDS : lockWaitSeconds;
        if (wait < 0) {
            throw invalid("LockWaitSeconds", lockWaitSeconds, "must be 0 or more (seconds to wait for borg's lock)");
        }
        long segmentSize = maxSegmentSize == null ? 0 : maxSegmentSize;
        if (segmentSize != 0 && (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE_LIMIT)) {
            throw invalid("MaxSegmentSize", maxSegmentSize, "must be 0 (borg's default, 524288000) or "
                    + MIN_SEGMENT_SIZE + " to " + MAX_SEGMENT_SIZE_LIMIT + " bytes");
        }
        int perDir = segmentsPerDir == null ? 0 : segmentsPerDir;
        if (perDir < 0) {
            throw invalid("SegmentsPerDir", segmentsPerDir, "must be 0 (borg's default, 1000) or more");
        }
        long checkpoint = checkpointBytes == null ? 0 : checkpointBytes;
        if (checkpoint != 0 && checkpoint < MIN_CHECKPOINT_BYTES) {
            throw invalid("CheckpointBytes", checkpointBytes, "must be 0 (the engine's default) or at least "
                    + MIN_CHECKPOINT_BYTES + " bytes");
        }
        return new RepositorySettings(path, name, createIfMissing == null || createIfMissing,
                appendOnly != null && appendOnly, Duration.ofSeconds(wait), segmentSize, perDir, checkpoint);
    }

    private static Path path(String repositoryPath) throws InvalidPropertyException {
        if (repositoryPath == null || repositoryPath.isBlank()) {
            throw new InvalidPropertyException("RepositoryPath is not set: give the repository folder's absolute path");
        }
        String expanded = expand("RepositoryPath", repositoryPath);
        Path path;
        try {
            path = Path.of(expanded);
        } catch (InvalidPathException e) {
            throw invalid("RepositoryPath", repositoryPath, "is not a valid path: " + e.getMessage());
        }
        if (!path.isAbsolute()) {
            throw invalid("RepositoryPath", repositoryPath, "must be an absolute path");
        }
        return path.normalize();
    }

    /**
     * Replaces {@code ${name}} and {@code ${name:default}} by the system property (or, for {@code env.NAME}, the
     * environment variable), so that a definition that cannot use the server's expressions (an application's
     * {@code @ConnectionFactoryDefinition}) can still say e.g. {@code ${jboss.server.data.dir}/repono/photos}.
     */
    static String expand(String property, String value) throws InvalidPropertyException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int start; (start = value.indexOf("${", at)) >= 0; ) {
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw invalid(property, value, "has a \"${\" without its \"}\"");
            }
            out.append(value, at, start);
            String name = value.substring(start + 2, end);
            String fallback = null;
            int colon = name.indexOf(':');
            if (colon >= 0) {
                fallback = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            String found = name.startsWith("env.") ? System.getenv(name.substring(4)) : System.getProperty(name);
            if (found == null) {
                found = fallback;
            }
            if (found == null) {
                throw invalid(property, value, "names ${" + name + "}, which is not set (as a system property"
                        + (name.startsWith("env.") ? " or environment variable" : "") + ") and has no default");
            }
            out.append(found);
            at = end + 1;
        }
        return out.append(value.substring(at)).toString();
    }

    private static InvalidPropertyException invalid(String property, Object value, String why) {
        return new InvalidPropertyException(property + " '" + value + "' " + why);
    }

    /** How the engine opens (or creates) the repository: exclusively, since this server writes it. */
    RepositoryOptions engineOptions() {
        return RepositoryOptions.defaults()
                .withAppendOnly(appendOnly)
                .withLockWait(lockWait)
                .withExclusive(true)
                .withMaxSegmentSize(maxSegmentSize)
                .withSegmentsPerDir(segmentsPerDir)
                .withCheckpointBytes(checkpointBytes);
    }
}
