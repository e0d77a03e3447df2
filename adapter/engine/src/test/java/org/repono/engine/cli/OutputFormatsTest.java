package org.repono.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.repono.engine.CheckProblem;
import org.repono.engine.CheckReport;
import org.repono.engine.CompactionReport;
import org.repono.engine.DoesNotExistException;
import org.repono.engine.ObjectNotFoundException;
import org.repono.engine.RepositoryStats;

/** The JSON writer, the one-line errors and the reports' text and JSON forms. */
class OutputFormatsTest {

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("{\"a\\\"b\": \"x\\\\y\\n\\t\\u0001\\u2028é\"}",
                new JsonObject().put("a\"b", "x\\y\n\t\u0001\u2028é").toString());
        assertEquals("{\"n\": null, \"t\": true, \"l\": -5}",
                new JsonObject().put("n", (String) null).put("t", true).put("l", -5).toString());
        assertEquals("{}", new JsonObject().toString());
    }

    @Test
    void jsonNumbersAreRoundedAndAlwaysValid() {
        assertEquals("1.18", JsonObject.number(1.18, 4));
        assertEquals("867.2", JsonObject.number(867.2, 1));
        assertEquals("5.0", JsonObject.number(5, 1));
        assertEquals("0.333", JsonObject.number(1.0 / 3, 3));
        assertEquals("0.0", JsonObject.number(-0.00001, 2));
        assertEquals("12345678901.0", JsonObject.number(12345678901.0, 1));
        assertEquals("0.0001", JsonObject.number(1e-4, 9));
        assertEquals("null", JsonObject.number(Double.NaN, 1));
        assertEquals("null", JsonObject.number(Double.POSITIVE_INFINITY, 1));
        assertEquals("{\"a\": [1, {\"b\": 2}]}",
                new JsonObject().raw("a", JsonObject.array(List.of("1", new JsonObject().put("b", 2).toString())))
                        .toString());
    }

    @Test
    void errorsBecomeOneLineWithExitCodeTwo() {
        Path repo = Path.of("/x");
        ErrorLine e = ErrorLine.of(new DoesNotExistException(repo, "Repository /x does not exist."));
        assertEquals(2, e.exitCode());
        assertEquals("repono: Repository /x does not exist.", e.text(), "the path is said once");
        ErrorLine nf = ErrorLine.of(new ObjectNotFoundException(repo, new byte[32]));
        assertEquals("repono: Object with key " + "0".repeat(64) + " not found (repository /x)", nf.text());
        assertEquals("repono: /in/f: no such file or directory",
                ErrorLine.of(new UncheckedIOException(new NoSuchFileException("/in/f"))).text());
        assertEquals("repono: /in/g: permission denied", ErrorLine.of(new AccessDeniedException("/in/g")).text());
        assertEquals("repono: I/O error: disk on fire", ErrorLine.of(new IOException("disk on fire")).text());
        assertEquals("repono: first; second", ErrorLine.of(new IllegalArgumentException("first\n  second\n")).text());
        assertEquals("repono: IllegalStateException", ErrorLine.of(new IllegalStateException()).text());
    }

    @Test
    void checkReportsInTextAndJson() {
        CheckReport clean = new CheckReport(List.of(), 3, 120, 5000, 117, false, false, false, Duration.ofMillis(1500));
        assertEquals("check: no problems; 3 segments, 120 entries, 5000 bytes checked, 117 objects, 1.5 s\n",
                CheckCommand.text(clean));
        assertEquals("{\"clean\": true, \"repair\": false, \"repaired\": false, \"cancelled\": false, "
                + "\"segments_checked\": 3, \"entries_checked\": 120, \"bytes_checked\": 5000, \"objects\": 117, "
                + "\"seconds\": 1.5, \"problems\": []}", CheckCommand.json(clean));
        CheckReport bad = new CheckReport(List.of(new CheckProblem("crc-mismatch", 4, 1234, "CRC\nmismatch", true),
                new CheckProblem("index-count-mismatch", -1, -1, "Index object count mismatch", false)),
                5, 10, 900, 8, true, true, false, Duration.ofMillis(20));
        String text = CheckCommand.text(bad);
        assertTrue(text.startsWith("crc-mismatch in segment 4 at offset 1234: CRC; mismatch (repaired)\n"
                + "index-count-mismatch: Index object count mismatch\n"
                + "repair: 2 problems, repository repaired; "), text);
        String json = CheckCommand.json(bad);
        assertTrue(json.startsWith("{\"clean\": false, \"repair\": true, \"repaired\": true,"), json);
        assertTrue(json.endsWith("\"problems\": [{\"kind\": \"crc-mismatch\", \"segment\": 4, \"offset\": 1234, "
                + "\"message\": \"CRC\\nmismatch\", \"repaired\": true}, {\"kind\": \"index-count-mismatch\", "
                + "\"segment\": -1, \"offset\": -1, \"message\": \"Index object count mismatch\", "
                + "\"repaired\": false}]}"), json);
        CheckReport cancelled = new CheckReport(List.of(), 1, 1, 1, 0, false, false, true, Duration.ZERO);
        assertFalse(cancelled.clean());
        assertTrue(CheckCommand.json(cancelled).contains("\"clean\": false"));
        assertTrue(CheckCommand.text(cancelled).startsWith("check: interrupted;"));
    }

    @Test
    void compactionReportInText() {
        assertEquals("compact: 2 segments rewritten, 1 object moved, 300 bytes freed (1000 -> 700 segment bytes), "
                        + "0.25 s",
                CompactCommand.text(new CompactionReport(2, 1, 1000, 700, false, Duration.ofMillis(250))));
    }

    @Test
    void infoIsOneJsonObjectWithTheFieldsOperatorsScriptAgainst() {
        String json = InfoCommand.json(new RepositoryStats(Path.of("/r \"q\""), 10, 3, 4096, 100, 7, 5, true,
                0, 4000, 1));
        assertEquals("{\"repository\": \"/r \\\"q\\\"\", \"objects\": 10, \"segments\": 3, \"segment_bytes\": 4096, "
                + "\"freeable_bytes\": 100, \"transaction_id\": 7, \"append_only\": true, "
                + "\"index_checkpoint_transaction\": 5, \"storage_quota\": 0, \"storage_quota_use\": 4000, "
                + "\"prepared_branches\": 1}", json);
    }
}
