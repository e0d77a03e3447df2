package org.repono.engine.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The repository {@code config} file (FORMAT §1.1), parsed and written the way Python's ConfigParser
 * ({@code interpolation=None}) does for borg 1.2.4: case-insensitive keys, {@code =} or {@code :} delimiters,
 * full-line {@code #}/{@code ;} comments, multi-line values continued by indented lines (borg writes the
 * repokey that way, with a TAB). Every section and key is kept in file order with its original spelling,
 * so rewriting preserves unknown keys; values are written {@code key = value} with continuation lines
 * prefixed by TAB, each section followed by a blank line, exactly as borg.
 *
 * <p>Why not ini4j: it reads a TAB-continued line as a new key (verified with 0.5.4), which would corrupt
 * the repokey of every encrypted repository on rewrite.
 *
 * <p>Validation follows borg's {@code Repository.open}: a {@code [repository]} section, {@code version} 1,
 * {@code max_segment_size} below {@link #MAX_SEGMENT_SIZE_LIMIT}, integer {@code segments_per_dir}, a 32-byte
 * hex {@code id}; optional keys default as borg. Errors are {@link ConfigFormatException}s naming path and key.
 */
public final class RepositoryConfig {

    public static final String SECTION = "repository";
    public static final long MAX_SEGMENT_SIZE_LIMIT = 4273995776L;
    public static final int DEFAULT_SEGMENTS_PER_DIR = 1000;
    public static final long DEFAULT_MAX_SEGMENT_SIZE = 524288000L;

    private static final String DEFAULT_SECTION = "DEFAULT";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(_\\d+)*)?(\\.(\\d+(_\\d+)*)?)?([eE][+-]?\\d+(_\\d+)*)?");
    private static final Pattern SECTION_HEADER = Pattern.compile("\\[(.+)]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class Entry {
        final String key;
        String value;

        Entry(String key, String value) {
            this.key = key;
            this.value = value;
        }
    }

    /** name → (lower-case key → entry), both in file order. */
    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
    private final Path source;

    private RepositoryConfig(Path source) {
        this.source = source;
    }

    // ---- reading -----------------------------------------------------------------------------------

    /**
     * Reads and validates {@code configFile}.
     *
     * @throws ConfigFormatException unusable content (message names file and key)
     * @throws FileAccessException   the file cannot be read ({@link NoSuchFileException} as cause when missing)
     */
    public static RepositoryConfig read(Path configFile) {
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FileAccessException(configFile, "read config", e);
        }
        return parse(text, configFile);
    }

    /** Parses and validates config text; {@code source} names it in messages (may be null). */
    public static RepositoryConfig parse(String text, Path source) {
        RepositoryConfig config = new RepositoryConfig(source);
        config.load(text);
        config.validate();
        return config;
    }

    private void load(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, Entry> current = null;
        String currentSection = null;
        Entry currentEntry = null;
        List<String> valueLines = null;
        int indentLevel = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            String stripped = line.strip();
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            String value = comment ? "" : stripped;
            if (value.isEmpty()) {
                if (!comment && currentEntry != null) {
                    valueLines.add("");
                }
                continue;
            }
            int indent = firstNonSpace(line);
            if (current != null && currentEntry != null && indent > indentLevel) {
                valueLines.add(value);
                continue;
            }
            finish(currentEntry, valueLines);
            currentEntry = null;
            indentLevel = indent;
            var header = SECTION_HEADER.matcher(value);
            if (header.lookingAt() && value.endsWith("]")) {
                String name = header.group(1);
                if (sections.containsKey(name)) {
                    throw syntax(lineNo, "section [" + name + "] appears twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                currentSection = name;
                continue;
            }
            if (current == null) {
                throw syntax(lineNo, "text before the first [section]: '" + line + "'");
            }
            int eq = value.indexOf('=');
            int colon = value.indexOf(':');
            int delimiter = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (delimiter < 0) {
                throw syntax(lineNo, "not a 'key = value' line: '" + line + "'");
            }
            String key = value.substring(0, delimiter).strip();
            if (key.isEmpty()) {
                throw syntax(lineNo, "a line without a key: '" + line + "'");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (current.containsKey(lower)) {
                throw new ConfigFormatException(source, key, "appears twice in section [" + currentSection + "] (line " + lineNo + ")");
            }
            currentEntry = new Entry(key, null);
            current.put(lower, currentEntry);
            valueLines = new ArrayList<>();
            valueLines.add(value.substring(delimiter + 1).strip());
        }
        finish(currentEntry, valueLines);
    }

    private static void finish(Entry entry, List<String> valueLines) {
        if (entry != null) {
            entry.value = String.join("\n", valueLines).stripTrailing();
        }
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    private ConfigFormatException syntax(int lineNo, String what) {
        return new ConfigFormatException(source, null, "line " + lineNo + ": " + what);
    }

    /** Checks every key borg's open() reads; throws the first problem. */
    public void validate() {
        if (!sections.containsKey(SECTION)) {
            throw new ConfigFormatException(source, null, "no [repository] section found");
        }
        long version = requiredInteger("version");
        if (version != 1) {
            throw new ConfigFormatException(source, "version", "repository version " + version
                    + " is not supported (only 1)");
        }
        maxSegmentSize();
        segmentsPerDir();
        additionalFreeSpace();
        appendOnly();
        storageQuota();
        id();
        lastSegmentChecked();
    }

    // ---- typed values ------------------------------------------------------------------------------

    public int version() {
        return (int) requiredInteger("version");
    }

    public int segmentsPerDir() {
        long value = requiredInteger("segments_per_dir");
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new ConfigFormatException(source, "segments_per_dir", "must be between 1 and " + Integer.MAX_VALUE
                    + ", got " + value);
        }
        return (int) value;
    }

    public long maxSegmentSize() {
        long value = parseFileSize(require("max_segment_size"), "max_segment_size");
        if (value >= MAX_SEGMENT_SIZE_LIMIT) {
            throw new ConfigFormatException(source, "max_segment_size", "max_segment_size >= " + MAX_SEGMENT_SIZE_LIMIT);
        }
        return value;
    }

    public boolean appendOnly() {
        Optional<String> v = get("append_only");
        return v.isPresent() && parseBoolean(v.get(), "append_only");
    }

    /** Bytes; 0 = no quota. */
    public long storageQuota() {
        Optional<String> v = get("storage_quota");
        return v.isPresent() ? parseFileSize(v.get(), "storage_quota") : 0L;
    }

    public long additionalFreeSpace() {
        Optional<String> v = get("additional_free_space");
        return v.isPresent() ? parseFileSize(v.get(), "additional_free_space") : 0L;
    }

    /** The 32-byte repository id. */
    public byte[] id() {
        String hex = require("id").strip();
        byte[] id;
        try {
            id = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ConfigFormatException(source, "id", "not hex: '" + hex + "'");
        }
        if (id.length != 32) {
            throw new ConfigFormatException(source, "id", "must be 32 bytes (64 hex digits), got " + id.length + " bytes");
        }
        return id;
    }

    public String idHex() {
        return HexFormat.of().formatHex(id());
    }

    /** The repokey blob (multi-line text, lines joined by '\n'), if present. */
    public Optional<String> key() {
        return get("key");
    }

    public OptionalLong lastSegmentChecked() {
        Optional<String> v = get("last_segment_checked");
        return v.isPresent() ? OptionalLong.of(parseInteger(v.get(), "last_segment_checked")) : OptionalLong.empty();
    }

    // ---- raw access and changes --------------------------------------------------------------------

    /** The raw text of a [repository] key (case-insensitive; falls back to [DEFAULT] as ConfigParser). */
    public Optional<String> get(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        Map<String, Entry> section = sections.get(SECTION);
        Entry e = section == null ? null : section.get(lower);
        if (e == null && sections.containsKey(DEFAULT_SECTION)) {
            e = sections.get(DEFAULT_SECTION).get(lower);
        }
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /** Keys of the [repository] section in file order, as spelled there. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        Map<String, Entry> section = sections.get(SECTION);
        if (section != null) {
            for (Entry e : section.values()) {
                keys.add(e.key);
            }
        }
        return keys;
    }

    /**
     * Sets a [repository] key (replacing the value in place, or appending a new key at the end); the result
     * must still validate, else nothing changes and ConfigFormatException is thrown. A value may contain '\n'.
     */
    public void set(String key, String value) {
        if (key == null || key.isBlank() || key.strip().length() != key.length() || key.contains("=") || key.contains(":")
                || key.contains("\n") || key.startsWith("[") || key.startsWith("#") || key.startsWith(";")) {
            throw new ConfigFormatException(source, key, "not a usable key name");
        }
        if (value == null || value.strip().length() != value.length() && !value.isEmpty()
                || value.lines().skip(1).anyMatch(String::isBlank)) {
            throw new ConfigFormatException(source, key, "value must not start or end with white space nor hold blank lines");
        }
        Map<String, Entry> section = sections.computeIfAbsent(SECTION, s -> new LinkedHashMap<>());
        String lower = key.toLowerCase(Locale.ROOT);
        Entry old = section.get(lower);
        String previous = old == null ? null : old.value;
        if (old == null) {
            section.put(lower, new Entry(key, value));
        } else {
            old.value = value;
        }
        try {
            validate();
        } catch (ConfigFormatException e) {
            if (old == null) {
                section.remove(lower);
            } else {
                old.value = previous;
            }
            throw e;
        }
    }

    /** Removes a [repository] key; returns whether it was there. Required keys cannot be removed. */
    public boolean remove(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (List.of("version", "segments_per_dir", "max_segment_size", "id").contains(lower)) {
            throw new ConfigFormatException(source, key, "is required and cannot be removed");
        }
        Map<String, Entry> section = sections.get(SECTION);
        return section != null && section.remove(lower) != null;
    }

    /** append_only = 1 / 0, as {@code borg config} writes it. */
    public void setAppendOnly(boolean appendOnly) {
        set("append_only", appendOnly ? "1" : "0");
    }

    /** Sets the repokey blob, or removes it when null. */
    public void setKey(String keyBlob) {
        if (keyBlob == null) {
            remove("key");
        } else {
            set("key", keyBlob.strip());
        }
    }

    /** Sets last_segment_checked, or removes it when null (a full check does). */
    public void setLastSegmentChecked(Long segment) {
        if (segment == null) {
            remove("last_segment_checked");
        } else {
            set("last_segment_checked", Long.toString(segment));
        }
    }

    // ---- creating and writing ----------------------------------------------------------------------

    /** borg init's config: defaults, {@code append_only}, quota (0 = none) and a random id. */
    public static RepositoryConfig newForInit(boolean appendOnly, long storageQuota) {
        return newForInit(appendOnly, storageQuota, 0, 0);
    }

    /**
     * borg init's config in borg's key order, with a random 32-byte id (SecureRandom).
     *
     * @param maxSegmentSize 0 = 524288000
     * @param segmentsPerDir 0 = 1000
     */
    public static RepositoryConfig newForInit(boolean appendOnly, long storageQuota, long maxSegmentSize, int segmentsPerDir) {
        if (storageQuota < 0 || maxSegmentSize < 0 || segmentsPerDir < 0) {
            throw new IllegalArgumentException("negative storage quota, segment size or segments per dir");
        }
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        RepositoryConfig config = new RepositoryConfig(null);
        Map<String, Entry> section = new LinkedHashMap<>();
        config.sections.put(SECTION, section);
        put(section, "version", "1");
        put(section, "segments_per_dir", Integer.toString(segmentsPerDir == 0 ? DEFAULT_SEGMENTS_PER_DIR : segmentsPerDir));
        put(section, "max_segment_size", Long.toString(maxSegmentSize == 0 ? DEFAULT_MAX_SEGMENT_SIZE : maxSegmentSize));
        put(section, "append_only", appendOnly ? "1" : "0");
        put(section, "storage_quota", Long.toString(storageQuota));
        put(section, "additional_free_space", "0");
        put(section, "id", HexFormat.of().formatHex(id));
        config.validate();
        return config;
    }

    private static void put(Map<String, Entry> section, String key, String value) {
        section.put(key, new Entry(key, value));
    }

    /** The file text as ConfigParser.write produces it ([DEFAULT] first if present). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (sections.containsKey(DEFAULT_SECTION)) {
            formatSection(sb, DEFAULT_SECTION, sections.get(DEFAULT_SECTION));
        }
        for (Map.Entry<String, Map<String, Entry>> s : sections.entrySet()) {
            if (!s.getKey().equals(DEFAULT_SECTION)) {
                formatSection(sb, s.getKey(), s.getValue());
            }
        }
        return sb.toString();
    }

    private static void formatSection(StringBuilder sb, String name, Map<String, Entry> entries) {
        sb.append('[').append(name).append("]\n");
        for (Entry e : entries.values()) {
            sb.append(e.key).append(" = ").append(e.value.replace("\n", "\n\t")).append('\n');
        }
        sb.append('\n');
    }

    /**
     * Writes {@code <repositoryDir>/config} with borg's protocol (FORMAT §1.1): erase a leftover config.old,
     * hard-link config → config.old, write a temp file + fsync + rename + fsync dir, then overwrite
     * config.old with random bytes, fsync and unlink it (the old repokey must not linger on disk).
     */
    public void write(Path repositoryDir) {
        Path config = repositoryDir.resolve("config");
        Path old = repositoryDir.resolve("config.old");
        if (Files.isRegularFile(old)) {
            DurableFiles.secureErase(old);
        }
        if (Files.isRegularFile(config)) {
            try {
                Files.createLink(old, config);
            } catch (UnsupportedOperationException | IOException e) {
                // like borg: without hard links the old key may persist; the rewrite itself still happens
            }
        }
        DurableFiles.replaceAtomically(config, format().getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(old)) {
            DurableFiles.secureErase(old);
        }
    }

    // ---- value syntax ------------------------------------------------------------------------------

    private String require(String key) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            throw new ConfigFormatException(source, key, "missing from [repository]");
        }
        return v.get();
    }

    private long requiredInteger(String key) {
        return parseInteger(require(key), key);
    }

    private long parseInteger(String text, String key) {
        String s = text.strip();
        if (!INTEGER.matcher(s).matches()) {
            throw new ConfigFormatException(source, key, "not an integer: '" + text + "'");
        }
        try {
            return Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigFormatException(source, key, "integer out of range: '" + text + "'");
        }
    }

    /** borg's parse_file_size: optional K/M/G/T/P suffix (powers of 1000), floats allowed. */
    private long parseFileSize(String text, String key) {
        try {
            return parseFileSize(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigFormatException(source, key, e.getMessage());
        }
    }

    /**
     * borg's parse_file_size ("1234", "55G", "1.7T", even "1.5"; decimal powers; {@code int(float(x) * factor)}).
     * Negative sizes are refused.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static long parseFileSize(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("not a size: empty");
        }
        char suffix = text.charAt(text.length() - 1);
        long factor = switch (suffix) {
            case 'K' -> 1000L;
            case 'M' -> 1000_000L;
            case 'G' -> 1000_000_000L;
            case 'T' -> 1000_000_000_000L;
            case 'P' -> 1000_000_000_000_000L;
            default -> 1L;
        };
        // borg: int(float(number) * factor), also without a suffix ("1.5" → 1)
        String number = (factor == 1 ? text : text.substring(0, text.length() - 1)).strip();
        if (!FLOAT.matcher(number).matches() || number.replaceAll("[^0-9]", "").isEmpty()) {
            throw new IllegalArgumentException("not a size: '" + text + "'");
        }
        double d = Double.parseDouble(number.replace("_", "")) * factor;
        if (Double.isNaN(d) || Math.abs(d) >= 9.2e18) {
            throw new IllegalArgumentException("size out of range: '" + text + "'");
        }
        long value = (long) d;
        if (value < 0) {
            throw new IllegalArgumentException("negative size: '" + text + "'");
        }
        return value;
    }

    private boolean parseBoolean(String text, String key) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            case "0", "no", "false", "off" -> false;
            default -> throw new ConfigFormatException(source, key, "not a boolean: '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return format();
    }
}
