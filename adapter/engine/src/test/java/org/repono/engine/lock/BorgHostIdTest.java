package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BorgHostIdTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void computedIdEqualsTheIdRealBorgComputesOnThisMachine() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with borg");
        String borgs = python("import borg.platform as p; print(p.hostid)");
        assertEquals(borgs, BorgHostId.computed());
    }

    @Test
    void nodeEqualsPythonsUuidGetnode() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3");
        assertEquals(python("import uuid; print(uuid.getnode())"), Long.toString(BorgHostId.node()));
    }

    @Test
    void fqdnEqualsBorgsPatchedGetfqdn() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with borg");
        assertEquals(python("import borg.platform.base as b; print(b.fqdn)"), BorgHostId.fqdn());
    }

    @Test
    void explicitIdWinsAndBadIdsAreRefused() {
        assertEquals("box@1", BorgHostId.resolve("box@1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BorgHostId.resolve("a/b"));
        assertTrue(e.getMessage().contains("a/b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BorgHostId.resolve("a\0b"));
    }

    @Test
    void emptyExplicitIdFallsBackLikeAnEmptyBorgHostIdVariable() {
        String env = System.getenv(BorgHostId.ENV);
        String expected = env == null || env.isEmpty() ? BorgHostId.computed() : env;
        assertEquals(expected, BorgHostId.resolve(""));
        assertEquals(expected, BorgHostId.resolve(null));
    }

    @Test
    void hostsFileGivesTheOfficialNameOfTheFirstLineListingTheHost(@TempDir Path dir) throws IOException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, String.join("\n",
                "# comment vm",
                "127.0.0.1 localhost",
                "::1 localhost ip6-localhost",
                "127.0.1.1\tbox.example.org  Box # box comment",
                "10.0.0.1 other.example.org box",
                ""));
        assertEquals("box.example.org", BorgHostId.canonicalNameFromHostsFile(hosts, "box"));
        assertEquals("box.example.org", BorgHostId.canonicalNameFromHostsFile(hosts, "BOX.example.org"));
        assertEquals("localhost", BorgHostId.canonicalNameFromHostsFile(hosts, "ip6-localhost"));
        assertNull(BorgHostId.canonicalNameFromHostsFile(hosts, "vm"));
        assertNull(BorgHostId.canonicalNameFromHostsFile(dir.resolve("missing"), "box"));
    }

    @Test
    void getentFirstLineCarriesTheCanonicalName() {
        assertEquals("vm.example.org", BorgHostId.canonicalNameFromGetent(List.of(
                "127.0.0.1       STREAM vm.example.org", "127.0.0.1       DGRAM  ", "127.0.0.1       RAW    ")));
        assertNull(BorgHostId.canonicalNameFromGetent(List.of("127.0.0.1       STREAM ")));
        assertNull(BorgHostId.canonicalNameFromGetent(List.of()));
    }

    @Test
    void resolverAnswerMatchesBorgsGetaddrinfoForOurHostname() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with borg");
        String name = BorgHostId.hostname();
        assertEquals(python("import socket; print(socket.gethostname())"), name);
        String viaResolver = BorgHostId.canonicalNameFromResolver(name);
        assumeTrue(viaResolver != null, "getent not available");
        assertEquals(python("import borg.platform.base as b; print(b.getfqdn(" + pyString(name) + "))"), viaResolver);
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String python(String program) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-c", program).redirectErrorStream(true);
        pb.environment().remove(BorgHostId.ENV);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }
}
