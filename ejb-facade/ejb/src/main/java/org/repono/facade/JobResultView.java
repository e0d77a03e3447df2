package org.repono.facade;

import java.util.List;

/** What a finished job found and did; the fields of the other kinds are 0. */
public record JobResultView(int problemsFound, int problemsRepaired, long bytesFreed, int segmentsRewritten,
                            long segmentsChecked, long objectsMoved, List<CheckProblemView> problems,
                            String message) {

    public static JobResultView failure(String message) {
        return new JobResultView(0, 0, 0, 0, 0, 0, List.of(), message);
    }
}
