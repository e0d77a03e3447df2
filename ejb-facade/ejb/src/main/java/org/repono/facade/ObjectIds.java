package org.repono.facade;

import java.util.regex.Pattern;
import org.repono.api.InvalidObjectIdException;
import org.repono.api.ObjectId;

/** Object ids and id prefixes as callers write them: hex, any case. */
public final class ObjectIds {

    private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F]{0,64}");

    private ObjectIds() {
    }

    /** @throws ReponoProblem INVALID_ID naming the value and what it should be */
    public static ObjectId parse(String hex, String what) {
        try {
            return ObjectId.parse(hex);
        } catch (InvalidObjectIdException | NullPointerException e) {
            throw new ReponoProblem(Refusal.INVALID_ID, capitalized(what) + " '" + shortened(hex)
                    + "' is not 64 hexadecimal characters (got " + (hex == null ? 0 : hex.length()) + ").");
        }
    }

    /** The id in lower case. @throws ReponoProblem INVALID_ID naming the value and what it should be */
    public static String normalized(String hex, String what) {
        return parse(hex, what).toHex();
    }

    /** The prefix in lower case ("" for none). @throws ReponoProblem INVALID_REQUEST when not 0..64 hex characters */
    public static String prefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST, "Parameter 'prefix' must be 0 to 64 hexadecimal "
                    + "characters, not '" + shortened(prefix) + "'.");
        }
        return prefix.toLowerCase(java.util.Locale.ROOT);
    }

    private static String shortened(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
