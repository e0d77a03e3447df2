package org.repono.engine.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test access to the repositories written by the real borg 1.2.4 under src/test/resources/fixtures
 * (each: repo/, expected.json, README.md). Public so that other packages' tests can use it too.
 */
public final class Fixtures {

    public static final List<String> NAMES = List.of("a_empty", "b_put_delete", "c_compacted", "d_append_only",
            "e_archive", "f_many_segments", "g_uncommitted_tail");

    private Fixtures() {
    }

    /** The fixture's folder (holding repo/ and expected.json). Read-only use: copy before opening. */
    public static Path dir(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name + "/expected.json");
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name + " on the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path repo(String name) {
        return dir(name).resolve("repo");
    }

    /** expected.json parsed (objects are Maps, arrays Lists, numbers BigDecimal). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> expected(String name) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(dir(name).resolve("expected.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text as the fixtures' expected.json is parsed. */
    public static Object parseJson(String text) {
        return Json.parse(text);
    }

    /** Copies the fixture's repo/ to {@code target} (created), with owner write permission, and returns it. */
    public static Path copyRepo(String name, Path target) {
        try {
            copyTree(repo(name), target);
            try (Stream<Path> walk = Files.walk(target)) {
                walk.forEach(p -> p.toFile().setWritable(true, true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Copies the tree {@code from} into {@code to} (created; files already there are replaced). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes the tree {@code p}, if there is one. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }

    public static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static int intOf(Object jsonNumber) {
        return ((Number) jsonNumber).intValue();
    }

    public static long longOf(Object jsonNumber) {
        return ((Number) jsonNumber).longValue();
    }
}
