package org.repono.engine.lock;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of {@code lock.roster}: for each kind ("shared", "exclusive") the set of holders, in the
 * order the file listed the kinds (borg's dict keeps that order when it rewrites the file).
 */
final class Roster {
    static final String SHARED = "shared";
    static final String EXCLUSIVE = "exclusive";

    private final Map<String, Set<ProcessIdentity>> holders = new LinkedHashMap<>();

    /** Sets the holders of one kind (replacing any listed before, keeping the kind's position). */
    void put(String kind, Iterable<ProcessIdentity> ids) {
        Set<ProcessIdentity> set = new LinkedHashSet<>();
        for (ProcessIdentity id : ids) {
            set.add(id);
        }
        holders.put(requireKind(kind), set);
    }

    /** The holders of one kind; empty if the kind is not listed. */
    Set<ProcessIdentity> get(String kind) {
        return holders.getOrDefault(requireKind(kind), Set.of());
    }

    boolean hasKind(String kind) {
        return holders.containsKey(kind);
    }

    /** Adds {@code id} to {@code kind}, listing the kind at the end if it was missing. */
    void add(String kind, ProcessIdentity id) {
        String k = requireKind(kind);
        Set<ProcessIdentity> set = holders.get(k);
        if (set == null) {
            set = new LinkedHashSet<>();
            holders.put(k, set);
        }
        set.add(id);
    }

    /** Removes {@code id} from {@code kind}; false if it was not there. */
    boolean remove(String kind, ProcessIdentity id) {
        Set<ProcessIdentity> set = holders.get(requireKind(kind));
        return set != null && set.remove(id);
    }

    /**
     * Drops every holder borg's rule calls stale as seen from {@code ownHostId}; returns what was dropped, per kind.
     * Loops, not lambdas: this runs inside every lock taken, and a young JVM spins a class per lambda at first use.
     */
    Map<String, List<ProcessIdentity>> pruneStale(String ownHostId) {
        Map<String, List<ProcessIdentity>> dropped = new LinkedHashMap<>();
        for (Map.Entry<String, Set<ProcessIdentity>> e : holders.entrySet()) {
            List<ProcessIdentity> gone = new ArrayList<>();
            for (Iterator<ProcessIdentity> it = e.getValue().iterator(); it.hasNext(); ) {
                ProcessIdentity id = it.next();
                if (!StaleRule.possiblyAlive(id, ownHostId)) {
                    it.remove();
                    gone.add(id);
                }
            }
            if (!gone.isEmpty()) {
                dropped.put(e.getKey(), gone);
            }
        }
        return dropped;
    }

    /** True when neither kind lists anybody (borg then deletes the file). */
    boolean isEmpty() {
        for (Set<ProcessIdentity> set : holders.values()) {
            if (!set.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The kinds in file order. */
    Set<String> kinds() {
        return holders.keySet();
    }

    static String requireKind(String kind) {
        if (!SHARED.equals(kind) && !EXCLUSIVE.equals(kind)) {
            throw new IllegalArgumentException("unknown roster kind " + kind);
        }
        return kind;
    }
}
