package org.repono.engine.lock;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code lock.roster} exactly as borg's {@code json.dump}/{@code json.load} do, for
 * this one shape only: {@code {"shared": [[host, pid, thread], ...], "exclusive": [...]}}.
 * Anything else is refused (the caller then treats the roster as empty, as borg treats a corrupt one).
 */
final class RosterJson {
    private final String text;
    private int pos;

    private RosterJson(String text) {
        this.text = text;
    }

    /** Python's {@code json.dumps(data)}: ", " and ": " separators, ASCII only, keys in roster order. */
    static String print(Roster roster) {
        StringBuilder out = new StringBuilder(64);
        out.append('{');
        boolean firstKind = true;
        for (String kind : roster.kinds()) {
            if (!firstKind) {
                out.append(", ");
            }
            firstKind = false;
            printString(out, kind);
            out.append(": [");
            boolean firstId = true;
            for (ProcessIdentity id : roster.get(kind)) {
                if (!firstId) {
                    out.append(", ");
                }
                firstId = false;
                out.append('[');
                printString(out, id.host());
                out.append(", ").append(id.pid()).append(", ").append(id.thread()).append(']');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    /** @return the roster, or null when the text is not exactly a roster */
    static Roster parse(String text) {
        try {
            return new RosterJson(text).roster();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void printString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private Roster roster() {
        Roster roster = new Roster();
        skipSpace();
        expect('{');
        skipSpace();
        if (!peek('}')) {
            do {
                skipSpace();
                String kind = string();
                if (!Roster.SHARED.equals(kind) && !Roster.EXCLUSIVE.equals(kind)) {
                    throw refuse("unknown key " + kind);
                }
                skipSpace();
                expect(':');
                skipSpace();
                roster.put(kind, entries());
                skipSpace();
            } while (take(','));
        }
        expect('}');
        skipSpace();
        if (pos != text.length()) {
            throw refuse("trailing data");
        }
        return roster;
    }

    private List<ProcessIdentity> entries() {
        List<ProcessIdentity> ids = new ArrayList<>();
        expect('[');
        skipSpace();
        if (take(']')) {
            return ids;
        }
        do {
            skipSpace();
            expect('[');
            skipSpace();
            String host = string();
            skipSpace();
            expect(',');
            skipSpace();
            long pid = integer();
            skipSpace();
            expect(',');
            skipSpace();
            long thread = integer();
            skipSpace();
            expect(']');
            skipSpace();
            ids.add(new ProcessIdentity(host, pid, thread));
        } while (take(','));
        expect(']');
        return ids;
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw refuse("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw refuse("control character in string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw refuse("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> s.append(hex4());
                default -> throw refuse("bad escape \\" + e);
            }
        }
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw refuse("short \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw refuse("bad \\u escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    /** JSON integer only: -?(0|[1-9][0-9]*); fractions, exponents and overflow are refused. */
    private long integer() {
        int start = pos;
        take('-');
        if (take('0')) {
            if (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                throw refuse("leading zero");
            }
        } else {
            int digits = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw refuse("number expected");
            }
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw refuse("number out of range");
        }
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean take(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw refuse("expected '" + c + "' at " + pos);
        }
    }

    private static IllegalArgumentException refuse(String why) {
        return new IllegalArgumentException(why);
    }
}
