package org.repono.web;

import org.repono.facade.Refusal;
import org.repono.facade.ReponoProblem;

/**
 * Query parameters read as text and checked here: JAX-RS answers a parameter it cannot convert with a bare 404,
 * the API promises a 400 naming it.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    static int integer(String name, String value, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ReponoProblem(Refusal.INVALID_REQUEST, "Parameter '" + name + "' must be a whole number, not '"
                    + value + "'.");
        }
    }

    static boolean bool(String name, String value, boolean absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ReponoProblem(Refusal.INVALID_REQUEST, "Parameter '" + name + "' must be true or false, not '"
                + value + "'.");
    }
}
