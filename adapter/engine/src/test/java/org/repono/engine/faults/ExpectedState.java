package org.repono.engine.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The repository's content as the child announced it: id hex -> sha256 hex of the data. Built from a child's
 * lines: every COMMIT with a DONE line is in {@link #committed()}; a COMMIT that STARTED and never reported DONE is
 * {@link #inFlight()} (it may or may not have reached its durable COMMIT before the kill).
 */
final class ExpectedState {
    private final Map<String, String> committed;
    private Map<String, String> inFlightChanges;  // id -> sha, or null for a delete

    ExpectedState(Map<String, String> committed) {
        this.committed = new TreeMap<>(committed);
    }

    Map<String, String> committed() {
        return committed;
    }

    /** The state if the in-flight commit made it, or null when none was in flight. */
    Map<String, String> inFlight() {
        if (inFlightChanges == null) {
            return null;
        }
        Map<String, String> next = new TreeMap<>(committed);
        apply(next, inFlightChanges);
        return next;
    }

    /** Follows one child's complete output. */
    void follow(List<String> lines) {
        for (String line : lines) {
            String[] f = line.split(" ");
            if (!f[0].equals("COMMIT")) {
                continue;
            }
            if (f[2].equals("START")) {
                if (inFlightChanges != null) {
                    throw new AssertionError("COMMIT started while another was not done: " + line);
                }
                inFlightChanges = changes(f);
            } else if (f[2].equals("DONE")) {
                if (inFlightChanges == null) {
                    throw new AssertionError("COMMIT done without a start: " + line);
                }
                apply(committed, inFlightChanges);
                inFlightChanges = null;
            }
        }
    }

    /** The repository was found with the in-flight commit: it is the committed state from now on. */
    void inFlightCommitted() {
        apply(committed, inFlightChanges);
        inFlightChanges = null;
    }

    void inFlightLost() {
        inFlightChanges = null;
    }

    private static Map<String, String> changes(String[] f) {
        Map<String, String> changes = new HashMap<>();
        for (int i = 3; i < f.length; i++) {
            String[] c = f[i].split(":");
            if (c[0].equals("P")) {
                changes.put(c[1], c[2]);
            } else if (c[0].equals("D")) {
                changes.put(c[1], null);
            } else {
                throw new AssertionError("unknown change " + f[i]);
            }
        }
        return changes;
    }

    private static void apply(Map<String, String> state, Map<String, String> changes) {
        changes.forEach((id, sha) -> {
            if (sha == null) {
                if (state.remove(id) == null) {
                    throw new AssertionError("the child deleted " + id + ", which is not in the expected state");
                }
            } else {
                state.put(id, sha);
            }
        });
    }
}
