package org.repono.engine.cli;

import java.util.List;

/**
 * One JSON object written field by field, in insertion order, on one line. Hand-written because the
 * CLI prints a few flat objects and pulling in a JSON library for that would grow the jar for nothing.
 */
public final class JsonObject {
    private final StringBuilder text = new StringBuilder("{");

    public JsonObject put(String name, String value) {
        return raw(name, value == null ? "null" : quote(value));
    }

    public JsonObject put(String name, long value) {
        return raw(name, Long.toString(value));
    }

    public JsonObject put(String name, boolean value) {
        return raw(name, Boolean.toString(value));
    }

    /** A number rounded to {@code decimals} places; NaN and infinities (never valid JSON) become null. */
    public JsonObject put(String name, double value, int decimals) {
        return raw(name, number(value, decimals));
    }

    /** A field whose value is already JSON text (a nested object or an array). */
    public JsonObject raw(String name, String json) {
        if (text.length() > 1) {
            text.append(", ");
        }
        text.append(quote(name)).append(": ").append(json);
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }

    /** An array of values that are already JSON text. */
    public static String array(List<String> jsonItems) {
        return "[" + String.join(", ", jsonItems) + "]";
    }

    /** {@code value} rounded half-even to {@code decimals} places, without trailing zeros; null when not finite. */
    public static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        String s = d.scale() <= 0 ? d.setScale(1).toPlainString() : d.toPlainString();
        return s.equals("-0.0") ? "0.0" : s;
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
