package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import jtrace.Options;
import jtrace.render.Palette;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The REPL's words on the command line: {@code jtrace trace|probe|watch …} run the REPL's command once, with
 * traceroute's defaults under the options. Under sudo each opens its socket as root, then becomes the user.
 */
final class CliCommands {
    private CliCommands() {}

    /** {@code --debug} on every command of the command line (Main reads it before parsing, for any error). */
    static final class DebugOption {
        @Option(names = "--debug", description = "Show stack traces for errors.")
        boolean debug;
    }

    /** One command line's session: traceroute's defaults, no terminal, sudo's user to become. */
    private static ReplSession session(Main main, PrintWriter out, PrintWriter err, boolean debug) {
        ReplSession session = new ReplSession(Options.defaults(), out, err, null, Palette.PLAIN, debug);
        session.sudo = main.environment;
        return session;
    }

    /** {@code jtrace --report [-c N] [--json|--csv] HOST}: the watch's report, as {@code mtr -r -c N}. */
    static int report(Main main, TraceOptions options, Integer count, jtrace.render.Format format, String host,
                      PrintWriter out, PrintWriter err, boolean debug) throws Exception {
        ReplCommands.WatchOptions watch = new ReplCommands.WatchOptions();
        watch.count = count;
        watch.report = true;
        watch.json = format == jtrace.render.Format.JSON;
        watch.csv = format == jtrace.render.Format.CSV;
        try {
            return ReplCommands.WatchCmd.watch(session(main, out, err, debug), options, watch, host);
        } finally {
            out.flush();
        }
    }

    @Command(name = "trace", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = {"Trace the route to HOST, as traceroute does: the same as jtrace [OPTIONS] HOST [PACKETLEN]."})
    static final class TraceCommand implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin PictureOption picture = new PictureOption();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to trace.") String host;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PACKETLEN", description = "Bytes per probe, IP header included (60).")
        String packetLength;
        @Mixin DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            picture.save(Main.trace(host, options, packetLength, spec.commandLine().getOut(), main.environment));
            return 0;
        }
    }

    @Command(name = "probe", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = {"Send one probe and show both packets, decoded and as hex dumps.",
                    "TTL 1 reaches the first router. As root it uses raw (every byte, both ways) unless a method is given."})
    static final class ProbeCommand implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin TraceOptions options = new TraceOptions();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to probe.") String host;
        @Parameters(index = "1", paramLabel = "TTL", description = "Time to live: 1 reaches the first router.") int ttl;
        @Mixin DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            try {
                return ReplCommands.ProbeCmd.probe(session(main, out, err, debug.debug), options, host, ttl);
            } finally {
                out.flush();
            }
        }
    }

    @Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = {"Watch the route to HOST, as mtr does: a live table, one row per hop, on a terminal.",
                    "Loss%% counts the probes no longer in flight. Last, Avg, Best, Wrst, StDev, Jttr (|rtt - previous rtt|)"
                            + " and Javg (its mean) are in ms. One probe per hop and round (-q changes it), a round a second"
                            + " (--interval); a probe is lost after max(1 s, interval) without an answer (-w changes it).",
                    "Keys: q or Ctrl-C stops and leaves the table; r resets the counts. Without a terminal (a pipe, a"
                            + " file): 10 rounds (-c changes it), then the table once, as mtr --report."})
    static final class WatchCommand implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin ReplCommands.WatchOptions watch = new ReplCommands.WatchOptions();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to watch.") String host;
        @Mixin DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            if (System.console() == null) {
                try {
                    return ReplCommands.WatchCmd.watch(session(main, out, err, debug.debug), options, watch, host);
                } finally {
                    out.flush();
                }
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).name("jtrace").build()) {
                ReplSession session = new ReplSession(Options.defaults(), terminal.writer(), err, terminal,
                        Palette.forTerminal(terminal.getType(), System.getenv()), debug.debug);
                session.sudo = main.environment;
                return ReplCommands.WatchCmd.watch(session, options, watch, host);
            }
        }
    }
}
