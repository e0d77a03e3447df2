package org.repono.engine.maintenance;

import java.util.ArrayList;
import java.util.List;
import org.repono.engine.CheckProblem;

/** The problems one run found, in the order found. Used from the run's own thread only. */
final class ProblemLog {
    private final List<CheckProblem> problems = new ArrayList<>();

    void add(String kind, long segment, long offset, String message) {
        problems.add(new CheckProblem(kind, segment, offset, message, false));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    boolean has(String kind) {
        for (CheckProblem p : problems) {
            if (p.kind().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    boolean has(String kind, long segment) {
        for (CheckProblem p : problems) {
            if (p.kind().equals(kind) && p.segment() == segment) {
                return true;
            }
        }
        return false;
    }

    /** The problems; with {@code repaired} each is marked mended (a repair that committed mends them all). */
    List<CheckProblem> list(boolean repaired) {
        if (!repaired) {
            return List.copyOf(problems);
        }
        List<CheckProblem> out = new ArrayList<>(problems.size());
        for (CheckProblem p : problems) {
            out.add(new CheckProblem(p.kind(), p.segment(), p.offset(), p.message(), true));
        }
        return List.copyOf(out);
    }
}
