package org.repono.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the CLI with captured streams. */
record CliRun(int exitCode, byte[] stdoutBytes, String stderr) {

    static CliRun of(Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new ReponoCommand(o, e).execute(a);
        }
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** stderr holds exactly one line (the error), starting with "repono: ". */
    boolean oneErrorLine() {
        return stderr.startsWith("repono: ") && stderr.endsWith("\n") && stderr.indexOf('\n') == stderr.length() - 1;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", stdout <" + stdout() + ">, stderr <" + stderr + ">";
    }
}
