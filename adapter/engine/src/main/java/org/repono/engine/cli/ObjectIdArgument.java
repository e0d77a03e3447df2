package org.repono.engine.cli;

import java.util.HexFormat;

/** Object ids on the command line: exactly 64 hex digits (32 bytes), checked before any repository is opened. */
public final class ObjectIdArgument {
    private static final HexFormat HEX = HexFormat.of();

    private ObjectIdArgument() {
    }

    /**
     * @param what names the argument in the error, e.g. "ID" or "ID #3"
     * @throws IllegalArgumentException naming the argument and what is wrong with it
     */
    public static byte[] parse(String what, String text) {
        if (text.length() != 64) {
            throw new IllegalArgumentException(what + " '" + shorten(text) + "' is not an object id: it has "
                    + text.length() + " characters, an id has exactly 64 hex digits");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " '" + shorten(text) + "' is not an object id: character "
                        + (i + 1) + " ('" + text.charAt(i) + "') is not a hex digit");
            }
        }
        return HEX.parseHex(text);
    }

    public static String hex(byte[] id) {
        return HEX.formatHex(id);
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
