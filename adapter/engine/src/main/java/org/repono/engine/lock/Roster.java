package org.repono.engine.lock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
        ids.forEach(set::add);
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
        holders.computeIfAbsent(requireKind(kind), k -> new LinkedHashSet<>()).add(id);
    }

    /** Removes {@code id} from {@code kind}; false if it was not there. */
    boolean remove(String kind, ProcessIdentity id) {
        Set<ProcessIdentity> set = holders.get(requireKind(kind));
        return set != null && set.remove(id);
    }

    /** Drops every holder for which {@code dead} holds; returns what was dropped, per kind. */
    Map<String, List<ProcessIdentity>> prune(Predicate<ProcessIdentity> dead) {
        Map<String, List<ProcessIdentity>> dropped = new LinkedHashMap<>();
        for (Map.Entry<String, Set<ProcessIdentity>> e : holders.entrySet()) {
            List<ProcessIdentity> gone = new ArrayList<>();
            e.getValue().removeIf(id -> dead.test(id) && gone.add(id));
            if (!gone.isEmpty()) {
                dropped.put(e.getKey(), gone);
            }
        }
        return dropped;
    }

    /** True when neither kind lists anybody (borg then deletes the file). */
    boolean isEmpty() {
        return holders.values().stream().allMatch(Set::isEmpty);
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
