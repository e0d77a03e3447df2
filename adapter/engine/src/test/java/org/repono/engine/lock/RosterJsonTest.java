package org.repono.engine.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RosterJsonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void printsWhatPythonJsonDumpPrints() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3");
        Roster roster = new Roster();
        roster.add(Roster.SHARED, new ProcessIdentity("vm@3281355014145", 9708, 0));
        roster.add(Roster.SHARED, new ProcessIdentity("q\"uote\\back/slash\n\t\r\b\f\u0001\u007f\u00e9\u20ac\uD83D\uDE00", 2147483647, 0));
        roster.put(Roster.EXCLUSIVE, List.of());
        String ours = RosterJson.print(roster);
        // python re-encodes what it decoded from our text: equal only if our encoding is json.dumps' encoding
        String python = python("import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))", ours);
        assertEquals(python, ours);
        assertTrue(ours.startsWith("{\"shared\": [[\"vm@3281355014145\", 9708, 0], [\"q\\\"uote"), ours);
    }

    @Test
    void readsWhatPythonWritesIncludingIndentedAndEscaped() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3");
        String json = python("import json,sys; sys.stdout.write(json.dumps({'exclusive': [['h\\u00e9/x', 7, 0]], 'shared': [['a', 1, 0], ['b', 2, 3]]}, indent=2))", "");
        Roster roster = RosterJson.parse(json);
        assertNotNull(roster, json);
        assertEquals(List.of(Roster.EXCLUSIVE, Roster.SHARED), List.copyOf(roster.kinds()));
        assertEquals(List.of(new ProcessIdentity("h\u00e9/x", 7, 0)), List.copyOf(roster.get(Roster.EXCLUSIVE)));
        assertEquals(List.of(new ProcessIdentity("a", 1, 0), new ProcessIdentity("b", 2, 3)), List.copyOf(roster.get(Roster.SHARED)));
        // and writes it back in borg's one-line form, kinds kept in file order
        assertEquals("{\"exclusive\": [[\"h\\u00e9/x\", 7, 0]], \"shared\": [[\"a\", 1, 0], [\"b\", 2, 3]]}", RosterJson.print(roster));
    }

    @Test
    void emptyObjectAndEmptyListsAreAnEmptyRoster() {
        assertTrue(RosterJson.parse("{}").isEmpty());
        assertTrue(RosterJson.parse(" \n{ \"shared\" : [ ] , \"exclusive\":[]}\r\n").isEmpty());
        assertEquals("{}", RosterJson.print(new Roster()));
    }

    @Test
    void escapesAreDecoded() {
        Roster r = RosterJson.parse("{\"shared\": [[\"a\\/b\\u00e9\\ud83d\\ude00\\\"\", -0, 10]]}");
        assertNotNull(r);
        assertEquals(new ProcessIdentity("a/b\u00e9\uD83D\uDE00\"", 0, 10), r.get(Roster.SHARED).iterator().next());
    }

    @Test
    void aRepeatedKindKeepsTheLastListAsPythonDoes() {
        Roster r = RosterJson.parse("{\"shared\": [[\"a\", 1, 0]], \"shared\": [[\"b\", 2, 0]]}");
        assertNotNull(r);
        assertEquals(List.of(new ProcessIdentity("b", 2, 0)), List.copyOf(r.get(Roster.SHARED)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "[]", "null", "{\"shared\": null}", "{\"shared\": [[\"h\", 1]]}",
        "{\"shared\": [[\"h\", 1, 0, 4]]}", "{\"shared\": [[\"h\", 1.0, 0]]}", "{\"shared\": [[\"h\", 1e3, 0]]}",
        "{\"other\": []}", "{\"shared\": [[\"h\", 1, 0]]} x", "{\"shared\": [[1, 1, 0]]}",
        "{\"shared\": [[\"h\", 1, 0],]}", "\uFEFF{}", "{\"shared\": [[\"h\u0001\", 1, 0]]}",
        "{\"shared\": [[\"h\", 01, 0]]}", "{\"shared\": [[\"h\", 99999999999999999999, 0]]}",
        "{\"shared\": [[\"h\\x\", 1, 0]]}", "{\"shared\": [[\"h\\u12\", 1, 0]]}", "{\"shared\": [[\"h, 1, 0]]}",
        "{'shared': []}", "{\"shared\": [], }", "{\"shared\": [[\"h\", -, 0]]}", "{\"shared\" []}"
    })
    void anythingElseIsRefused(String text) {
        assertNull(RosterJson.parse(text), text);
    }

    private static String python(String program, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", program).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
