package org.repono.rar;

/**
 * Test-only switch for the crash-recovery tests: halts the JVM at a point of the two-phase commit, as a power cut
 * would. Inert unless the server was started with {@code -Drepono.test.crashPoints=true} (only the crash tests'
 * server is; the shipped configuration never is); a test then arms one point by setting the system property
 * {@code repono.test.crashAt} to {@code after-prepare} (our branch durable, the transaction manager has logged no
 * decision) or {@code before-commit} (the transaction manager logged its commit decision, phase 2 reached us).
 * {@code hold-before-commit} parks the committing thread instead (and says so in the system property
 * {@code repono.test.holding}), so that one crash can leave branches in both states.
 */
final class CrashPoints {

    static final String ENABLE_PROPERTY = "repono.test.crashPoints";
    static final String ARM_PROPERTY = "repono.test.crashAt";
    static final String HOLDING_PROPERTY = "repono.test.holding";
    /** Read once: arming at run time works only in a JVM that was started for crash tests. */
    private static final boolean ENABLED = Boolean.getBoolean(ENABLE_PROPERTY);
    private static final int HALT_STATUS = 137;

    private CrashPoints() {
    }

    static void afterPrepare() {
        reached("after-prepare");
    }

    static void beforeCommit() {
        reached("before-commit");
    }

    private static void reached(String point) {
        if (!ENABLED) {
            return;
        }
        String armed = System.getProperty(ARM_PROPERTY);
        if (("hold-" + point).equals(armed)) {
            System.setProperty(HOLDING_PROPERTY, point);
            while (true) { // until the JVM halts
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // a test hold is not given up
                }
            }
        }
        if (point.equals(armed)) {
            System.err.println("Repono crash point " + point + " reached: halting the JVM (test-only switch)");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
