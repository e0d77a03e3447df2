package org.repono.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The served contract (src/main/webapp/openapi.yaml) and the JAX-RS resources describe the same API: every
 * resource method's path and HTTP method is in the document, and every operation of the document is served.
 */
class OpenApiSyncTest {

    private static final java.nio.file.Path CONTRACT = java.nio.file.Path.of("src/main/webapp/openapi.yaml");
    private static final Pattern PATH_LINE = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD_LINE = Pattern.compile("^    (get|put|post|delete|head|patch|options):\\s*$");
    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "GET",
            POST.class, "POST", PUT.class, "PUT", DELETE.class, "DELETE", HEAD.class, "HEAD");

    @Test
    void everyResourceMethodIsInTheContractAndViceVersa() throws Exception {
        TreeSet<String> served = served();
        TreeSet<String> documented = documented();

        assertFalse(served.isEmpty());
        TreeSet<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        TreeSet<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(served);
        assertEquals(List.of(), List.copyOf(undocumented), "served but not in openapi.yaml");
        assertEquals(List.of(), List.copyOf(unserved), "in openapi.yaml but not served");
    }

    /** "METHOD /path" of every JAX-RS resource method in this module. */
    private static TreeSet<String> served() throws IOException, URISyntaxException, ClassNotFoundException {
        TreeSet<String> operations = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of(
                ReponoApi.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/repono/web");
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName("org.repono.web." + name.substring(0, name.length() - 6), false,
                        OpenApiSyncTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Map.Entry<Class<? extends Annotation>, String> http : METHODS.entrySet()) {
                        if (method.isAnnotationPresent(http.getKey())) {
                            Path sub = method.getAnnotation(Path.class);
                            operations.add(http.getValue() + " " + join(root.value(), sub == null ? "" : sub.value()));
                        }
                    }
                }
            }
        }
        return operations;
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                path.append('/').append(trimmed);
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /** "METHOD /path" of every operation under the contract's {@code paths:}. */
    private static TreeSet<String> documented() throws IOException {
        TreeSet<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : Files.readAllLines(CONTRACT)) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.equals("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher pathLine = PATH_LINE.matcher(line);
            if (pathLine.matches()) {
                path = pathLine.group(1);
                continue;
            }
            Matcher methodLine = METHOD_LINE.matcher(line);
            if (methodLine.matches() && path != null) {
                operations.add(methodLine.group(1).toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }
}
