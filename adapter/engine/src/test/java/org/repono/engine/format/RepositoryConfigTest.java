package org.repono.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RepositoryConfigTest {

    @TempDir
    Path tmp;

    static List<String> fixtures() {
        return Fixtures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    @SuppressWarnings("unchecked")
    void fixtureConfigsParseToTheRecordedValuesAndFormatByteIdentical(String fixture) throws IOException {
        Path file = Fixtures.repo(fixture).resolve("config");
        RepositoryConfig config = RepositoryConfig.read(file);
        Map<String, Object> want = (Map<String, Object>) Fixtures.expected(fixture).get("config");
        assertEquals(List.copyOf(want.keySet()), config.keys());
        for (Map.Entry<String, Object> e : want.entrySet()) {
            assertEquals(e.getValue(), config.get(e.getKey()).orElseThrow(), e.getKey());
        }
        assertEquals(Integer.parseInt((String) want.get("segments_per_dir")), config.segmentsPerDir());
        assertEquals(Long.parseLong((String) want.get("max_segment_size")), config.maxSegmentSize());
        assertEquals(Fixtures.expected(fixture).get("append_only"), config.appendOnly());
        assertEquals(want.get("id"), config.idHex());
        assertEquals(Files.readString(file), config.format());
    }

    /** A repokey config written by the real borg keeps its multi-line key byte for byte through our rewrite. */
    @Test
    void borgRepokeyConfigRoundTripsWithUnknownKeysAndBorgReadsOurs() throws IOException {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is needed");
        Path repo = tmp.resolve("keyed");
        BorgPeer.Result init = initRepokey(repo);
        assertEquals(0, init.exitCode(), init.output());
        Path file = repo.resolve("config");
        String original = Files.readString(file);
        RepositoryConfig config = RepositoryConfig.read(file);
        assertEquals(original, config.format(), "borg's own file formats back byte-identical");
        String key = config.key().orElseThrow();
        assertTrue(key.contains("\n") && !key.contains("\t"), "continuation lines joined by newline, TAB dropped");

        config.set("Some_Future_Key", "kept as is");
        config.setAppendOnly(true);
        config.write(repo);
        String rewritten = Files.readString(file);
        assertTrue(rewritten.startsWith(original.substring(0, original.indexOf("append_only"))));
        assertTrue(rewritten.contains("append_only = 1\n"));
        assertTrue(rewritten.endsWith("Some_Future_Key = kept as is\n\n"), rewritten);
        assertTrue(rewritten.contains("key = " + key.replace("\n", "\n\t") + "\n"));
        assertFalse(Files.exists(repo.resolve("config.old")), "config.old erased and unlinked");
        try (Stream<Path> files = Files.list(repo)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        RepositoryConfig again = RepositoryConfig.read(file);
        assertEquals(key, again.key().orElseThrow());
        assertEquals("kept as is", again.get("some_future_key").orElseThrow());
        assertTrue(again.appendOnly());

        BorgPeer.Result appendOnly = BorgPeer.borg(tmp.resolve("base"), "config", repo.toString(), "append_only");
        assertEquals(0, appendOnly.exitCode(), appendOnly.output());
        assertEquals("1", appendOnly.output().strip());
        BorgPeer.Result list = BorgPeer.borg(tmp.resolve("base"), Map.of("BORG_PASSPHRASE", "secret"), "list", repo.toString());
        assertEquals(0, list.exitCode(), "borg decrypts the repokey we rewrote: " + list.output());
    }

    private BorgPeer.Result initRepokey(Path repo) {
        return BorgPeer.borg(tmp.resolve("base"), Map.of("BORG_PASSPHRASE", "secret"), "init", "--encryption=repokey",
                repo.toString());
    }

    /** Odd but legal ConfigParser input is read exactly as Python's ConfigParser reads it. */
    @Test
    void oddSyntaxIsReadAsPythonsConfigParserReadsIt() throws IOException {
        assumeTrue(BorgPeer.available(), "python3 is needed");
        String text = "# comment\n; another\n[other]\nx: 1\n\n[repository]\nVersion = 1\nsegments_per_dir:5\n"
                + "max_segment_size   =   1.5M   \nappend_only = Yes\nid = " + "ab".repeat(32) + "\n"
                + "key = line1\n    line2\n\n\tline3\n# not part of it\nEmpty =\nstorage_quota = 10M\n"
                + "additional_free_space = 2K\n";
        Path file = tmp.resolve("config");
        Files.writeString(file, text);
        RepositoryConfig config = RepositoryConfig.read(file);
        Map<String, String> python = pythonConfigParser(file);
        for (Map.Entry<String, String> e : python.entrySet()) {
            assertEquals(e.getValue(), config.get(e.getKey()).orElseThrow(), e.getKey());
        }
        assertEquals(python.size(), config.keys().size());
        assertEquals(1_500_000, config.maxSegmentSize());
        assertEquals(5, config.segmentsPerDir());
        assertTrue(config.appendOnly());
        assertEquals(10_000_000, config.storageQuota());
        assertEquals(2000, config.additionalFreeSpace());
        // rewriting: our text must read back identically in Python too
        Path out = tmp.resolve("rewritten");
        Files.writeString(out, config.format());
        assertEquals(python, pythonConfigParser(out));
        assertTrue(config.format().startsWith("[other]\nx = 1\n\n[repository]\nVersion = 1\n"), config.format());
    }

    private Map<String, String> pythonConfigParser(Path file) {
        String script = "import configparser, json, sys\n"
                + "c = configparser.ConfigParser(interpolation=None)\n"
                + "c.read_file(open(sys.argv[1]))\n"
                + "print(json.dumps(dict(c['repository'])))";
        BorgPeer.Result r = BorgPeer.python(tmp.resolve("base"), script, null, file.toString());
        assertEquals(0, r.exitCode(), r.output());
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) Fixtures.parseJson(r.output().strip())).forEach((k, v) -> out.put((String) k, (String) v));
        return out;
    }

    /** parse_file_size gives borg's numbers, and an error where borg raises. */
    @Test
    void fileSizesAreParsedAsBorgParsesThem() {
        assumeTrue(BorgPeer.available(), "borg 1.2.4 is needed");
        List<String> inputs = List.of("0", "1234", "10M", "1.5G", "1.1G", "0.3K", "7T", "2P", "5242880", "1e3K", ".5M",
                "1_000", "+12", "K", "abc", "1.5", "12k", "", "-5", " 7", "1.7T", "3.14159P");
        String script = "import sys\nfrom borg.helpers import parse_file_size\n"
                + "for s in sys.argv[1:]:\n"
                + "    try:\n        print(parse_file_size(s))\n"
                + "    except Exception:\n        print('error')";
        BorgPeer.Result r = BorgPeer.python(tmp.resolve("base"), script, null, inputs.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.output());
        String[] borg = r.output().split("\n");
        List<String> ours = new ArrayList<>();
        for (String s : inputs) {
            try {
                ours.add(Long.toString(RepositoryConfig.parseFileSize(s)));
            } catch (IllegalArgumentException e) {
                ours.add("error");
            }
        }
        List<String> theirs = new ArrayList<>(List.of(borg));
        // we refuse negative sizes that borg would take literally
        theirs.set(inputs.indexOf("-5"), "error");
        assertEquals(theirs, ours);
    }

    @Test
    void newForInitWritesBorgsInitConfig() throws IOException {
        RepositoryConfig a = RepositoryConfig.newForInit(false, 0);
        RepositoryConfig b = RepositoryConfig.newForInit(true, 10_000_000, 4096, 3);
        String fixture = Files.readString(Fixtures.repo("a_empty").resolve("config"));
        String withoutId = fixture.substring(0, fixture.indexOf("id = "));
        assertEquals(withoutId + "id = " + a.idHex() + "\n\n", a.format());
        assertNotEquals(a.idHex(), b.idHex());
        assertEquals(32, a.id().length);
        assertTrue(b.format().contains("segments_per_dir = 3\nmax_segment_size = 4096\nappend_only = 1\nstorage_quota = 10000000\n"));
        b.write(tmp);
        assertEquals(b.format(), Files.readString(tmp.resolve("config")));
    }

    @Test
    void rewriteErasesALeftoverConfigOld() throws IOException {
        RepositoryConfig c = RepositoryConfig.newForInit(false, 0);
        c.write(tmp);
        Files.writeString(tmp.resolve("config.old"), "stale secret");
        c.setKey("new\nkey");
        c.write(tmp);
        assertFalse(Files.exists(tmp.resolve("config.old")));
        assertEquals("new\nkey", RepositoryConfig.read(tmp.resolve("config")).key().orElseThrow());
        c.setKey(null);
        c.write(tmp);
        assertFalse(RepositoryConfig.read(tmp.resolve("config")).key().isPresent());
    }

    @Test
    void badConfigsGiveErrorsNamingFileAndKey() throws IOException {
        String good = Files.readString(Fixtures.repo("a_empty").resolve("config"));
        assertBad("[other]\nversion = 1\n", null, "no [repository] section");
        assertBad(good.replace("version = 1", "version = 2"), "version", "not supported");
        assertBad(good.replace("version = 1\n", ""), "version", "missing");
        assertBad(good.replace("max_segment_size = 524288000", "max_segment_size = 4273995776"), "max_segment_size", ">= 4273995776");
        assertBad(good.replace("max_segment_size = 524288000", "max_segment_size = 5 MB"), "max_segment_size", "not a size");
        assertBad(good.replace("append_only = 0", "append_only = maybe"), "append_only", "not a boolean");
        assertBad(good.replace("segments_per_dir = 1000", "segments_per_dir = 0"), "segments_per_dir", "between 1");
        assertBad(good.replace("id = ", "id = zz"), "id", "not hex");
        assertBad(good.replace("id = d0", "id = "), "id", "32 bytes");
        assertBad(good + "append_only = 1\n", "append_only", "twice");
        assertBad("version = 1\n" + good, null, "before the first [section]");
        assertBad(good.replace("storage_quota = 0", "storage_quota 0"), null, "not a 'key = value' line");
        assertBad(good + "[repository]\n", null, "appears twice");
    }

    private void assertBad(String text, String key, String fragment) throws IOException {
        Path file = tmp.resolve("config");
        Files.writeString(file, text);
        byte[] before = Files.readAllBytes(file);
        ConfigFormatException ex = assertThrows(ConfigFormatException.class, () -> RepositoryConfig.read(file));
        assertEquals(key, ex.key(), ex.getMessage());
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "nothing changed on disk");
    }

    @Test
    void settingABadValueChangesNothing() throws IOException {
        RepositoryConfig c = RepositoryConfig.read(Fixtures.repo("a_empty").resolve("config"));
        String before = c.format();
        assertThrows(ConfigFormatException.class, () -> c.set("max_segment_size", "9999999999"));
        assertThrows(ConfigFormatException.class, () -> c.set("bad key", " padded "));
        assertThrows(ConfigFormatException.class, () -> c.remove("id"));
        assertEquals(before, c.format());
        c.setLastSegmentChecked(12L);
        assertEquals(12, c.lastSegmentChecked().getAsLong());
        c.setLastSegmentChecked(null);
        assertEquals(before, c.format());
        assertEquals(new String(Files.readAllBytes(Fixtures.repo("a_empty").resolve("config")), StandardCharsets.UTF_8), before);
    }
}
