package org.repono.engine.format;

import java.nio.file.Path;

/** The repository {@code config} is unusable (borg: InvalidRepositoryConfig); names the file and the key. */
public class ConfigFormatException extends FileFormatException {
    private final String key;

    public ConfigFormatException(Path file, String key, String message) {
        super(file, key == null ? message : "config key '" + key + "': " + message);
        this.key = key;
    }

    /** The key at fault, or null when the problem is not one key's (syntax, missing section). */
    public String key() {
        return key;
    }
}
