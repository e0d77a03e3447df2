package org.repono.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArgumentParsersTest {

    @Test
    void objectIdsRoundTripInEitherCase() {
        byte[] id = new byte[32];
        for (int i = 0; i < 32; i++) {
            id[i] = (byte) (i * 7 + 200);
        }
        String hex = ObjectIdArgument.hex(id);
        assertEquals(64, hex.length());
        assertArrayEquals(id, ObjectIdArgument.parse("ID", hex));
        assertArrayEquals(id, ObjectIdArgument.parse("ID", hex.toUpperCase()));
    }

    @Test
    void objectIdErrorsNameTheArgument() {
        var e = assertThrows(IllegalArgumentException.class, () -> ObjectIdArgument.parse("ID #4", ""));
        assertTrue(e.getMessage().startsWith("ID #4 ''"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectIdArgument.parse("ID", " " + "a".repeat(63)));
        assertTrue(e.getMessage().contains("character 1"), e.getMessage());
    }

    @Test
    void sizesReadAsBorgReadsThem() {
        assertEquals(524288000L, ByteSizeArgument.parse("--x", "524288000"));
        assertEquals(500_000_000L, ByteSizeArgument.parse("--x", "500M"));
        assertEquals(10_000_000L, ByteSizeArgument.parse("--x", "10m"));
        assertEquals(1_500_000_000L, ByteSizeArgument.parse("--x", "1.5G"));
        assertEquals(2_000_000_000_000L, ByteSizeArgument.parse("--x", "2T"));
        assertEquals(1000L, ByteSizeArgument.parse("--x", "1K"));
        for (String bad : new String[] {"", "M", "1X", "-5", "1.5.5", "1e99P"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ByteSizeArgument.parse("--x", bad), bad);
            assertTrue(e.getMessage().startsWith("--x '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void thresholdsAreFractionsOrPercentages() {
        assertEquals(0.1, ThresholdArgument.parse("--t", "0.1"));
        assertEquals(0.0, ThresholdArgument.parse("--t", "0"));
        assertEquals(1.0, ThresholdArgument.parse("--t", "1"));
        assertEquals(0.1, ThresholdArgument.parse("--t", "10%"), 1e-15);
        assertEquals(0.255, ThresholdArgument.parse("--t", "25.5%"), 1e-15);
        assertEquals(0.0, ThresholdArgument.parse("--t", "0%"));
        for (String bad : new String[] {"10", "1.01", "-0.5", "101%", "-1%", "%", "abc", "NaN", "Infinity", "0x1p-3",
                "1d"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ThresholdArgument.parse("--t", bad), bad);
            assertTrue(e.getMessage().startsWith("--t '" + bad + "'"), e.getMessage());
        }
    }
}
