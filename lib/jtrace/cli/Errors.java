package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;

/** One line per failure: what went wrong and what to do. Exit 2 for usage, 1 for the rest. */
final class Errors {
    private Errors() {}

    static int report(Exception e, boolean debug, PrintWriter err) {
        if (debug) e.printStackTrace(err);
        if (e instanceof UsageException || e instanceof jtrace.probe.ProbeSetupException p && p.isBadArgument()) {
            err.println("jtrace: " + e.getMessage());
            err.flush();
            return 2;
        }
        String message = e instanceof IOException || e instanceof jtrace.lab.LabException
                ? e.getMessage()
                : "internal error: " + e + (debug ? "" : " (run again with --debug and report it)");
        err.println("jtrace: " + message);
        err.flush();
        return 1;
    }
}
