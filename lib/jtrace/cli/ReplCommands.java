package jtrace.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jtrace.Options;
import jtrace.Trace;
import jtrace.watch.StoppableMethod;
import jtrace.watch.WatchReport;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The REPL's commands, as picocli commands: {@code trace} takes the command line's own {@link TraceOptions},
 * so an option means the same at the prompt and in a script. The session's defaults ({@code set}) are the
 * base those options apply to.
 */
@Command(name = "jtrace", description = "Interactive probing: trace, probe and watch routes.")
final class ReplCommands implements Runnable {
    /** The command tree for one line: fresh command objects, all sharing the session. */
    static CommandLine build(ReplSession session) {
        CommandLine root = new CommandLine(new ReplCommands());
        root.addSubcommand("trace", new TraceCmd(session));
        root.addSubcommand("probe", new ProbeCmd(session));
        root.addSubcommand("watch", new WatchCmd(session));
        root.addSubcommand("set", new SetCmd(session));
        root.addSubcommand("show", new ShowCmd(session));
        root.addSubcommand("last", new LastCmd(session));
        CommandLine lab = new CommandLine(new LabCommand());
        lab.getCommandSpec().removeSubcommand("trace");  // the REPL's own: session defaults, Ctrl-C, `last`
        lab.addSubcommand("trace", new LabTraceCmd(session));
        lab.addSubcommand("watch", new LabWatchCmd(session));
        root.addSubcommand("lab", lab);
        root.addSubcommand("clear", new ClearCmd(session));
        root.addSubcommand("help", new HelpCmd(session));
        root.addSubcommand("exit", new ExitCmd(session));
        root.setOut(session.out).setErr(session.err);
        root.setColorScheme(CommandLine.Help.defaultColorScheme(
                session.palette.colors() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return root;
    }

    @Override
    public void run() {}

    /** {@code -h/--help} on every command. */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this command's help.")
        boolean help;
    }

    @Command(name = "trace", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Trace the route to HOST, as traceroute does.",
                    "The options apply on top of the session's defaults (see show)."})
    static final class TraceCmd implements Callable<Integer> {
        private final ReplSession session;
        @Mixin TraceOptions options = new TraceOptions();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to trace.") String host;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PACKETLEN", description = "Bytes per probe, IP header included.")
        String packetLength;
        @Parameters(index = "2..*", arity = "0..*", hidden = true) List<String> more;  // the command line's several hosts
        @Mixin HelpOption help;

        TraceCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() throws Exception {
            if (more != null && !more.isEmpty() && packetLength != null && packetLength.matches("[+-]?[0-9]+"))
                throw Main.misplacedPacketLength(packetLength);
            if (more != null && !more.isEmpty()) throw new UsageException("trace takes one HOST here; several at once: jtrace HOST HOST… on the command line");
            Integer length = TraceOptions.packetLength(packetLength);
            Options o = options.apply(session.defaults, length);
            InetAddress target = options.resolve(host);
            if (length == null) o = o.withFamilyPacketSize(target);
            session.used(host, target);
            TraceOptions.Mda mda = options.multipath();
            if (mda != null) {
                Main.multipathAndPrint(host, target, o, mda, Map.of(), session.out, Map.of());
                return 0;
            }
            java.util.List<jtrace.probe.Method> methods = options.methods();
            if (methods != null) {  // --methods: a trace with each, the last one is the session's last result
                java.util.List<Trace> traces = MethodComparison.run(host, target, o, methods, session.out, Map.of());
                session.last = new ReplResult.OfTrace(traces.get(traces.size() - 1));
                return 0;
            }
            try (ProbeMethod method = Methods.open(o.method(), target, o.probeSettings())) {
                Trace trace = Main.traceAndPrint(host, target, new StoppableMethod(method, session::interrupted), o,
                        Map.of(), session.out);
                session.last = new ReplResult.OfTrace(trace);
            }
            return 0;
        }
    }

    @Command(name = "probe", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Send one probe and show both packets, decoded and as hex dumps.",
                    "TTL 1 reaches the first router. As root it uses raw (every byte, both ways) unless a method is given or set."})
    static final class ProbeCmd implements Callable<Integer> {
        private final ReplSession session;
        @Mixin TraceOptions options = new TraceOptions();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to probe.") String host;
        @Parameters(index = "1", paramLabel = "TTL", description = "Time to live: 1 reaches the first router.") int ttl;
        @Mixin HelpOption help;

        ProbeCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() throws Exception {
            return probe(session, options, host, ttl);
        }

        /** One probe, shown; the REPL's {@code probe} and the command line's {@code jtrace probe}. */
        static int probe(ReplSession session, TraceOptions options, String host, int ttl) throws Exception {
            if (ttl < 1 || ttl > 255) throw new UsageException("TTL must be 1..255, got " + ttl);
            Options o = options.apply(session.defaults, null);
            boolean chosen = options.icmp || options.udp || options.raw || session.defaults.method() != Options.defaults().method();
            if (!chosen && jtrace.Jtrace.canUseRaw()) o = o.method(jtrace.probe.Method.RAW);  // the teaching view: every byte
            InetAddress target = options.resolve(host);
            o = o.withFamilyPacketSize(target);
            session.used(host, target);
            jtrace.ProbeResult result;
            try (ProbeMethod method = Methods.open(o.method(), target, o.probeSettings())) {
                jtrace.sys.Privileges.dropToSudoUser(session.sudo);
                result = jtrace.Jtrace.probe(method, jtrace.packet.AddressText.of(target), target, ttl, o);
            }
            ReplResult.OfProbe shown = new ReplResult.OfProbe(result);
            // At a terminal, lines fit its width: a long meaning goes on under its column instead of wrapping at column 0.
            session.out.print(session.terminal == null ? shown.text() : jtrace.render.Wrap.text(shown.text(), session.terminal.getWidth() - 1));
            session.last = shown;
            return 0;
        }
    }

    @Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Watch the route to HOST, as mtr does: a live table, one row per hop.",
                    "Loss%% counts the probes no longer in flight. Last, Avg, Best, Wrst, StDev, Jttr (|rtt - previous rtt|)"
                            + " and Javg (its mean) are in ms. One probe per hop and round (-q changes it), a round a second"
                            + " (--interval); a probe is lost after max(1 s, interval) without an answer (-w changes it).",
                    "Keys: q or Ctrl-C stops and leaves the table; r resets the counts. Without a terminal: 10 rounds"
                            + " (-c changes it), then the table."})
    static final class WatchCmd implements Callable<Integer> {
        private final ReplSession session;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin WatchOptions watch = new WatchOptions();
        @Parameters(index = "0", paramLabel = "HOST", description = "Name or address to watch.") String host;
        @Mixin HelpOption help;

        WatchCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() throws Exception {
            return watch(session, options, watch, host);
        }

        /** The REPL's {@code watch} and the command line's {@code jtrace watch}. */
        static int watch(ReplSession session, TraceOptions options, WatchOptions watch, String host) throws Exception {
            Options o = watch.options(options, session);
            InetAddress target = options.resolve(host);
            o = o.withFamilyPacketSize(target);
            session.used(host, target);
            try (ProbeMethod method = Methods.open(o.method(), target, o.probeSettings())) {
                jtrace.sys.Privileges.dropToSudoUser(session.sudo);
                WatchReport r = watch.watcher(session, host, target, o, options.asOrigins, Map.of()).run(method);
                session.last = new ReplResult.OfWatch(r);
            }
            return 0;
        }
    }

    /** What watch adds to trace's options. */
    static final class WatchOptions {
        @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between rounds (session: set interval; 1).")
        String interval;
        @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N rounds (default: when you stop it).")
        Integer count;
        @Option(names = {"-r", "--report"}, description = "No live table: -c rounds (10), then one report, as mtr -r (also at a terminal).")
        boolean report;
        @Option(names = "--json", description = "The report as mtr --json does it (implies --report).")
        boolean json;
        @Option(names = "--csv", description = "The report as CSV, one row per hop (implies --report).")
        boolean csv;

        /**
         * The session's defaults, then the options; one probe per hop and round unless -q says otherwise. A probe
         * counts as lost when no answer came within max(1 s, interval), as mtr waits, unless -w is given: the
         * adaptive wait of a trace (a few round trips) would call every late answer in a busy network a loss.
         */
        Options options(TraceOptions options, ReplSession session) {
            Options o = options.apply(session.defaults, null);
            if (options.queries == null) o = o.queries(1);
            if (options.wait == null) o = o.wait(Math.max(1.0, seconds(session)), FIXED, FIXED);
            return o;
        }

        /** HERE and NEAR so large that the wait is MAX whatever the round trips: a fixed timeout. */
        private static final double FIXED = 1e6;

        private double seconds(ReplSession session) {
            return interval == null ? session.interval : ReplSettings.interval(interval);
        }

        ReplWatch watcher(ReplSession session, String host, InetAddress target, Options o, boolean asOrigins,
                          Map<InetAddress, String> names) {
            if (count != null && count < 1) throw new UsageException("--count must be 1 or more, got " + count);
            if (json && csv) throw new UsageException("--json and --csv choose the report's format: give one of them");
            jtrace.render.Format format = json ? jtrace.render.Format.JSON : csv ? jtrace.render.Format.CSV : jtrace.render.Format.TEXT;
            return new ReplWatch(session, host, target, o, seconds(session), count == null ? 0 : count, names,
                    report || json || csv, format, asOrigins);
        }
    }

    @Command(name = "set", usageHelpAutoWidth = true,
            description = {"Change the session's defaults: set NAME VALUE, or trace's own options.",
                    "For example: set queries 1; set method icmp; set -n -q 1 -w 2; set max default.",
                    "Without arguments: the same as show."})
    static final class SetCmd implements Callable<Integer> {
        private final ReplSession session;
        @Mixin TraceOptions options = new TraceOptions();
        @Parameters(arity = "0..*", paramLabel = "NAME VALUE", completionCandidates = ReplSettings.Names.class,
                description = "Settings: method, numeric, first, max, queries, wait, window, port, sendwait, source,"
                        + " interface, gap, packetlen, interval.")
        List<String> words = List.of();
        @Mixin HelpOption help;
        @Spec CommandSpec spec;

        SetCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            if (words.size() % 2 != 0)
                throw new UsageException("set takes NAME VALUE pairs: '" + words.get(words.size() - 1) + "' has no value");
            boolean flags = !spec.commandLine().getParseResult().matchedOptions().isEmpty();
            if (!flags && words.isEmpty()) return new ShowCmd(session).call();
            Options before = session.defaults;
            double interval = session.interval;
            try {
                if (flags) session.defaults = options.apply(session.defaults, null);
                for (int i = 0; i < words.size(); i += 2) ReplSettings.set(session, words.get(i), words.get(i + 1));
            } catch (RuntimeException e) {
                session.defaults = before;  // all or nothing
                session.interval = interval;
                throw e;
            }
            String summary = ReplSettings.asFlags(session);
            session.out.println("defaults now: " + (summary.isEmpty() ? "traceroute's" : summary));
            return 0;
        }
    }

    @Command(name = "show", description = "Show the session's defaults (all, or the ones named).")
    static final class ShowCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..*", paramLabel = "NAME", completionCandidates = ReplSettings.Names.class)
        List<String> names = List.of();
        @Mixin HelpOption help;

        ShowCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            List<ReplSettings.Setting> which = names.isEmpty() ? List.of(ReplSettings.Setting.values())
                    : names.stream().map(ReplSettings::find).toList();
            for (var line : ReplSettings.show(session, which)) session.out.println(ansi(session, line));
            if (names.isEmpty()) {
                String flags = ReplSettings.asFlags(session);
                session.out.println("as options: " + (flags.isEmpty() ? "none (traceroute's defaults)" : flags));
            }
            return 0;
        }
    }

    @Command(name = "last", description = {"Show the last trace, probe or watch again.",
            "FORMAT: text (default), table, or json (traces: RIPE Atlas's format; watches: mtr's)."})
    static final class LastCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..1", paramLabel = "FORMAT", completionCandidates = Formats.class,
                description = "text, table or json.") String format = "text";
        @Mixin HelpOption help;

        LastCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            ReplResult last = session.last;
            if (last == null) throw new UsageException("nothing to show yet: run trace, probe, watch or lab trace first");
            String text = switch (format.toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> last.text();
                case "table" -> last.table();
                case "json" -> last.json();
                default -> throw new UsageException("last: '" + format + "' is not a format: say text, table or json");
            };
            session.out.print(text.endsWith("\n") ? text : text + "\n");
            return 0;
        }

        static final class Formats implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() { return List.of("text", "table", "json").iterator(); }
        }
    }

    /** Scenario names, for completion. */
    static final class Scenarios implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Scenario.values()).map(Scenario::label).iterator();
        }
    }

    /** The lab that is up for {@code scenario}, borrowed; else one built now, removed when closed. */
    static LabNetwork lab(String scenario, int routers) {
        Scenario s = scenario == null ? Scenario.CHAIN : LabCommand.parse(scenario);
        LabCommand.checkRouters(routers, List.of(s));
        Optional<LabNetwork> running = Lab.attach(s);
        return running.orElseGet(() -> Lab.up(s, routers));
    }

    /** The lab's destination, by its lab name. */
    static String labHost(LabNetwork lab, InetAddress destination) {
        return lab.names().getOrDefault(destination, jtrace.packet.AddressText.of(destination));
    }

    /** The lab's destination in the family -4/-6 asks for (the lab is dual-stack), IPv4 by default. */
    static InetAddress labDestination(LabNetwork lab, TraceOptions options) {
        return lab.destination(options.family() == 6 ? 6 : 4);
    }

    @Command(name = "trace", sortOptions = false, usageHelpAutoWidth = true,
            description = "Trace a scenario (default chain) from inside its client namespace: the lab that is up, else one built for this trace.")
    static final class LabTraceCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..1", paramLabel = "SCENARIO", completionCandidates = Scenarios.class) String scenario;
        @Option(names = "--routers", paramLabel = "N", description = "Routers, when the lab is built for this trace (5).") int routers = 5;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin HelpOption help;

        LabTraceCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() throws Exception {
            Options base = options.apply(session.defaults, null);
            try (LabNetwork lab = lab(scenario, routers)) {
                InetAddress destination = labDestination(lab, options);
                Options o = base.withFamilyPacketSize(destination);
                try (ProbeMethod method = lab.inClient(() -> Methods.open(o.method(), destination, o.probeSettings()))) {
                    Trace trace = Main.traceAndPrint(labHost(lab, destination), destination,
                            new StoppableMethod(method, session::interrupted), o, o.numeric() ? Map.of() : lab.names(), session.out);
                    session.last = new ReplResult.OfTrace(trace);
                }
            }
            return 0;
        }
    }

    @Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true,
            description = "Watch a scenario (default chain) from inside its client namespace, as watch does.")
    static final class LabWatchCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..1", paramLabel = "SCENARIO", completionCandidates = Scenarios.class) String scenario;
        @Option(names = "--routers", paramLabel = "N", description = "Routers, when the lab is built for this watch (5).") int routers = 5;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin WatchOptions watch = new WatchOptions();
        @Mixin HelpOption help;

        LabWatchCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() throws Exception {
            Options base = watch.options(options, session);
            try (LabNetwork lab = lab(scenario, routers)) {
                InetAddress destination = labDestination(lab, options);
                Options o = base.withFamilyPacketSize(destination);
                try (ProbeMethod method = lab.inClient(() -> Methods.open(o.method(), destination, o.probeSettings()))) {
                    WatchReport r = watch.watcher(session, labHost(lab, destination), destination, o, options.asOrigins,
                            o.numeric() ? Map.of() : lab.names()).run(method);
                    session.last = new ReplResult.OfWatch(r);
                }
            }
            return 0;
        }
    }

    @Command(name = "help", description = "List the commands, or show one's help: help trace, help lab up.")
    static final class HelpCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..*", paramLabel = "COMMAND") List<String> command = List.of();
        @Spec CommandSpec spec;

        HelpCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            CommandLine at = spec.root().commandLine();
            for (String name : command) {
                at = at.getSubcommands().get(name);
                if (at == null) throw new UsageException("no command '" + String.join(" ", command) + "': type help for the list");
            }
            if (!command.isEmpty()) {
                at.usage(session.out, at.getColorScheme());
                return 0;
            }
            PrintWriter out = session.out;
            out.println(ansi(session, session.palette.bold("Commands")) + " (help COMMAND for its options):");
            for (CommandLine sub : new java.util.LinkedHashSet<>(at.getSubcommands().values())) {  // aliases: once
                String names = String.join(", ", sub.getCommandSpec().names());
                String[] description = sub.getCommandSpec().usageMessage().description();
                out.printf("  %-10s %s%n", names, description.length == 0 ? "" : description[0]);
            }
            out.println(ansi(session, session.palette.bold("Keys")) + ": Tab completes commands, options and hosts;"
                    + " Up and Ctrl-R search the history (~/.jtrace_history);");
            out.println("  Ctrl-C stops a trace or watch (at the prompt it clears the line); Ctrl-D or exit leaves.");
            return 0;
        }
    }

    @Command(name = "clear", description = "Clear the screen (Ctrl-L does too).")
    static final class ClearCmd implements Callable<Integer> {
        private final ReplSession session;
        @Mixin HelpOption help;

        ClearCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            if (session.terminal == null) return 0;  // commands from a pipe: no screen to clear
            session.terminal.puts(org.jline.utils.InfoCmp.Capability.clear_screen);
            session.terminal.flush();
            return 0;
        }
    }

    @Command(name = "exit", aliases = "quit", description = "Leave the REPL (Ctrl-D does too).")
    static final class ExitCmd implements Callable<Integer> {
        private final ReplSession session;
        @Parameters(arity = "0..1", paramLabel = "STATUS", description = "Exit status (default: 0, or in a script the last failure's).")
        Integer status;
        @Mixin HelpOption help;

        ExitCmd(ReplSession session) { this.session = session; }

        @Override
        public Integer call() {
            session.exitStatus = status == null ? -1 : status;
            return 0;
        }
    }

    static String ansi(ReplSession session, org.jline.utils.AttributedString s) {
        return session.terminal == null ? s.toString() : s.toAnsi(session.terminal);
    }
}
