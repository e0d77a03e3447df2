package org.repono.engine.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.repono.engine.Repositories;
import org.repono.engine.lock.RepositoryLock;

/**
 * What borg's harness has done before any timed section: {@code import borg.repository}. Python's import loads
 * and runs every module of the repository layer (classes defined, module constants built) and borg's
 * {@code platform} module computes the lock host id ({@code getfqdn()@uuid.getnode()}) at import time. The JVM
 * does all of that lazily, inside whatever runs first; this does it up front, untimed, so that both engines'
 * timed sections start with their runtime up. It runs none of the engine's operations: no warm-up run.
 */
final class EngineImport {
    /** Packages loaded and initialised: the engine's implementation (not the CLI) and its msgpack library. */
    private static final List<String> PREFIXES = List.of("org/repono/engine/", "org/msgpack/core/");
    private static final String SKIPPED = "org/repono/engine/cli/";

    private EngineImport() {
    }

    /**
     * Loads and initialises the classes, computes borg's host id (the lock's {@code inspect} does exactly that
     * and reads {@code dir}'s lock files, changing nothing). Returns the number of classes loaded.
     */
    static int run(Path dir) {
        int loaded = 0;
        ClassLoader loader = Repositories.class.getClassLoader();
        for (String name : classNames()) {
            try {
                Class.forName(name, true, loader);
                loaded++;
            } catch (ReflectiveOperationException | LinkageError e) {
                // an optional part of a library (absent dependency): the engine never touches it either
            }
        }
        for (String name : jdkClassNames()) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ReflectiveOperationException | LinkageError e) {
                // another JDK build: that class loads lazily, if at all
            }
        }
        RepositoryLock.inspect(dir);
        return loaded;
    }

    /**
     * The JDK classes listed in {@code jdk-classes.txt}: those the engine loads that are not in the JDK's default
     * class-data archive, so loading them means reading and parsing class files (as Python's import reads borg's
     * stdlib modules).
     */
    static List<String> jdkClassNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = EngineImport.class.getResourceAsStream("jdk-classes.txt")) {
            if (in == null) {
                return names;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // no list: the classes load lazily
        }
        return names;
    }

    /** Binary names of the classes under {@link #PREFIXES} where the engine was loaded from (jar or directory). */
    static List<String> classNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> anchor : new Class<?>[] {Repositories.class, org.msgpack.core.MessagePack.class}) {
            Path source;
            try {
                source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException | RuntimeException e) {
                continue;
            }
            try {
                if (Files.isDirectory(source)) {
                    try (Stream<Path> files = Files.walk(source)) {
                        files.map(p -> source.relativize(p).toString().replace('\\', '/')).forEach(n -> add(n, names));
                    }
                } else {
                    try (JarFile jar = new JarFile(source.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            add(e.nextElement().getName(), names);
                        }
                    }
                }
            } catch (IOException e) {
                // nothing to preload from there: the classes load lazily as usual
            }
        }
        return new ArrayList<>(names);
    }

    private static void add(String entry, Set<String> names) {
        if (!entry.endsWith(".class") || entry.startsWith(SKIPPED) || entry.endsWith("module-info.class")) {
            return;
        }
        for (String prefix : PREFIXES) {
            if (entry.startsWith(prefix)) {
                names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
                return;
            }
        }
    }
}
