package org.repono.engine.cli;

/** The process exit codes, borg's: 0 success, 1 a check found problems (borg: warning), 2 an error. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int PROBLEMS_FOUND = 1;
    public static final int ERROR = 2;

    private ExitCode() {
    }
}
