package org.repono.engine;

import java.time.Instant;

/**
 * An operator's decision on a prepared branch, taken before its owner (a transaction manager) decided it: what XA
 * calls a heuristic completion. Remembered durably until {@link Repository#forgetDecision} so that the owner, asking
 * later, learns what was done (see {@link Repository#decidePrepared}).
 *
 * @param xid        the branch's identity as it was prepared
 * @param committed  true when the operator committed the branch, false when rolled back
 * @param decided    when the decision was recorded
 */
public record HeuristicDecision(byte[] xid, boolean committed, Instant decided) {
}
