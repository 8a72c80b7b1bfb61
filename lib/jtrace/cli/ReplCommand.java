package jtrace.cli;

import java.util.concurrent.Callable;
import jtrace.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jtrace repl [options]}: the interactive prompt, with these options as the session's defaults. */
@Command(name = "repl", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Interactive probing at a prompt: trace, probe, watch (mtr-style) and the lab.",
                "History, completion and hints; the options given here become the session's defaults (set and show"
                        + " inside). Also what jtrace with no host starts at a terminal.",
                "Without a terminal it reads commands from standard input, one per line, and prints no escape codes."},
        footer = {"", "Exit status: 0; reading from a pipe, that of the last command that failed (2 usage, 1 other)."})
final class ReplCommand implements Callable<Integer> {
    @Mixin
    TraceOptions options = new TraceOptions();
    @Option(names = "--debug", description = "Show stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() {
        return Repl.start(options.apply(Options.defaults(), null), debug);
    }
}
