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
                || e instanceof jtrace.sys.UnsupportedPlatformException
                ? e.getMessage()
                : "internal error: " + e + (debug ? "" : " (run again with --debug and report it)");
        err.println("jtrace: " + message);
        err.flush();
        return 1;
    }

    /**
     * A wrong command line in one line, pointing at the help of the command that was wrong: {@code see 'jtrace
     * lab --help'} on the command line, {@code see 'help lab'} in the REPL ({@code repl}). A mistyped command
     * gets "did you mean" (picocli's nearest names).
     */
    static String usage(picocli.CommandLine.ParameterException e, picocli.CommandLine root, boolean repl) {
        picocli.CommandLine at = e.getCommandLine();
        String command = at.getCommandSpec().qualifiedName(" ");
        command = command.equals(root.getCommandName()) ? "" : command.substring(root.getCommandName().length() + 1);
        String help = repl ? (command.isEmpty() ? "help" : "help " + command) : "jtrace " + (command.isEmpty() ? "" : command + " ") + "--help";
        if (e instanceof picocli.CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            String word = u.getUnmatched().get(0);
            boolean takesWords = !at.getCommandSpec().positionalParameters().isEmpty();
            if (!at.getSubcommands().isEmpty() && !takesWords) {
                java.util.List<String> similar = u.getSuggestions();
                boolean host = word.matches("[\\w-]+(\\.[\\w-]+)+|[0-9a-fA-F]*:[0-9a-fA-F:.]*");
                String kind = command.isEmpty() ? "command" : command + " command";
                if (repl && command.isEmpty())  // the REPL's own prompt: a host typed alone gets the trace line to type
                    return "unknown command '" + word + "'" + (!similar.isEmpty() ? " (did you mean " + similar.get(0) + "?)"
                            : host ? " (to trace it: trace " + word + ")" : "") + ": type help for the commands";
                return "unknown " + kind + " '" + word + "'" + (similar.isEmpty() ? "" : ": did you mean " + similar.get(0) + "?")
                        + " (see '" + help + "')";
            }
            if (!takesWords && at.getCommandSpec().name().equals("repl"))
                return "repl takes options, not '" + word + "': to trace it, jtrace " + word
                        + " (or type trace " + word + " at the repl prompt)";
        }
        return e.getMessage() + " (see '" + help + "')";
    }

    /** A class that cannot be loaded, e.g. because its file became unreadable when sudo's root was given up. */
    static int report(LinkageError e, boolean debug, PrintWriter err) {
        if (debug) e.printStackTrace(err);
        err.println("jtrace: internal error: cannot load " + e.getMessage()
                + (debug ? "" : " (run again with --debug and report it)"));
        err.flush();
        return 1;
    }
}
