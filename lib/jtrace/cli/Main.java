package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jtrace.Options;
import jtrace.Trace;
import jtrace.names.Names;
import jtrace.render.Format;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jtrace [options] host [packetlen]}: traceroute(8) on the JVM, plus the lab. */
@Command(name = "jtrace", versionProvider = Main.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {CliCommands.TraceCommand.class, CliCommands.ProbeCommand.class, CliCommands.WatchCommand.class,
                LabCommand.class, ReplCommand.class, NotebookCommand.class},
        customSynopsis = {"@|bold jtrace|@ [OPTIONS] HOST [PACKETLEN]",
                "       @|bold jtrace|@ COMMAND [ARGS...]      (jtrace COMMAND --help shows its options)",
                "       @|bold jtrace|@ [OPTIONS] HOST HOST... | --targets FILE   (several targets at once)"},
        description = {"Print the route packets take to HOST, one hop per line, as traceroute(8) does.",
                "Without root it uses UDP (any user) or ICMP ping sockets (-I, where allowed)."},
        footer = {"", "Exit status: 0 when the trace ran (reached or not), 2 for bad usage, 1 for other failures.",
                "A host named like a subcommand: jtrace -- lab"})
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Mixin
    TraceOptions options = new TraceOptions();
    @Parameters(arity = "0..*", paramLabel = "HOST", description = {"Name or address to trace; several are traced at once.",
            "traceroute's HOST PACKETLEN (bytes per probe, IP header included; 60) still works."})
    List<String> hosts = new ArrayList<>();
    @Option(names = "--targets", paramLabel = "FILE", description = "More hosts, one a line (# comments); - reads standard input.")
    String targetsFile;
    @Option(names = "--pps", paramLabel = "N", description = "Several targets: probes per second for the whole run (default 500).")
    double pps = jtrace.multi.MultiScanner.DEFAULT_PPS;
    @Option(names = {"-r", "--report"}, description = "mtr's report: -c rounds (10) of one probe per hop, then Loss%%, Snt, Last, Avg, Best, Wrst, StDev per hop (as mtr -r; --json, --csv).")
    boolean report;
    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "With --report: rounds (default 10).")
    Integer count;
    @Option(names = "--json", description = "Print RIPE Atlas traceroute results (JSON; one line per target when there are several).")
    boolean json;
    @Option(names = "--csv", description = "Print one CSV row per probe: target, hop, address, name, AS, RTT, reply TTL, mark.")
    boolean csv;
    @Option(names = "--dot", description = "Print a Graphviz graph of every route (dot -Tsvg draws it).")
    boolean dot;
    @CommandLine.Mixin
    PictureOption picture = new PictureOption();
    @Option(names = "--debug", description = "Show stack traces for errors.")
    boolean debug;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    /** Where SUDO_UID/SUDO_GID come from: main's environment, or none (stay who we are). */
    Map<String, String> environment = Map.of();

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs one command line in this JVM, keeping its privileges; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Map.of());
    }

    /**
     * Runs one command line; returns the exit status. A trace started as root by sudo ({@code environment}
     * has SUDO_UID/SUDO_GID, as main's does) becomes that user once its socket is open: that is for the whole
     * JVM, so only main passes its environment.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        PlainTrace.Line plain = PlainTrace.parse(args);  // the everyday trace starts without picocli
        if (plain != null) return plain.run(out, err, environment);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        Main main = new Main();
        main.environment = environment;
        CommandLine cli = new CommandLine(main).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("jtrace: " + Errors.usage(e, cli, false));
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> Errors.report(e, debug, err));
        cli.setExecutionStrategy(parsed -> {
            // "jtrace HOST lab" would run lab: a command comes first or not at all
            if (parsed.hasSubcommand() && parsed.hasMatchedPositional(0))
                throw new CommandLine.ParameterException(cli, "a command comes first: jtrace " + parsed.subcommand().commandSpec().name()
                        + " ..., or jtrace -- " + firstWord(parsed.matchedPositionalValue(0, "")) + " to trace a host named so");
            // Help, version and notebook setup need no socket and work anywhere; the rest is Linux only (sys.Platform).
            if (parsed.asCommandLineList().stream().noneMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested()
                    || c.getCommand() instanceof NotebookCommand)) {
                try {
                    jtrace.sys.Platform.requireSupported();
                } catch (jtrace.sys.UnsupportedPlatformException e) {
                    throw new CommandLine.ExecutionException(cli, e.getMessage(), e);  // to Errors: one line, exit 1
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cli.execute(args);
        } catch (LinkageError e) {  // a class file unreadable (after sudo's drop, say): one line, as for any failure
            return Errors.report(e, debug, err);
        }
    }

    /** The first of the positional words picocli matched (the HOST list). */
    private static String firstWord(Object matched) {
        return matched instanceof List<?> words && !words.isEmpty() ? String.valueOf(words.get(0)) : String.valueOf(matched);
    }

    /** The REPL's words that mean nothing on their own command line, and what to type instead. */
    private static final Map<String, String> REPL_ONLY = Map.of(
            "set", "give options on the command line (jtrace -q 1 HOST), or start a session with them (jtrace repl -q 1)",
            "show", "the defaults are traceroute's; jtrace --help lists them, and show works inside jtrace repl",
            "last", "it shows the last result of a jtrace repl session: start one with jtrace repl",
            "help", "jtrace --help, or jtrace COMMAND --help",
            "exit", "jtrace exits after each command; exit leaves jtrace repl",
            "quit", "jtrace exits after each command; quit leaves jtrace repl");

    @Override
    public Integer call() throws Exception {
        boolean literal = spec.commandLine().getParseResult().originalArgs().contains("--");
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (host != null && !literal && REPL_ONLY.containsKey(host))
            throw new UsageException("'" + host + "' is a command of the REPL: " + REPL_ONLY.get(host)
                    + " (to trace a host named " + host + ": jtrace -- " + host + ")");
        Format format = format();
        if (!(pps > 0) || Double.isInfinite(pps)) throw new UsageException("probes per second (--pps) must be a positive number, got " + pps);
        if (host == null && targetsFile == null) {
            // At a terminal, no host starts the REPL (these options become its defaults); in a script it is an error.
            if (System.console() != null && format == Format.TEXT) return Repl.start(options.apply(Options.defaults(), null), debug);
            throw new UsageException("no host given: jtrace [options] HOST (see --help)");
        }
        String second = hosts.size() > 1 ? hosts.get(1) : null;
        // "tarce 127.0.0.1" is a mistyped command; "localhost 127.0.0.1" two hosts
        if (!literal && second != null && !second.matches("[+-]?[0-9]+") && looksLikeAWord(host)
                && (!looksLikeAHost(second) || !similarCommands(host).isEmpty()))
            throw new UsageException(unknownCommand(host));
        String packetLength = packetLength();
        List<String> names = packetLength == null ? hosts : hosts.subList(0, 1);
        PrintWriter out = spec.commandLine().getOut();
        if (count != null && !report) throw new UsageException("-c counts the rounds of --report (jtrace --report -c N HOST, or jtrace watch -c N HOST)");
        if (picture.svg != null && (report || names.size() != 1 || targetsFile != null || format != Format.TEXT))
            throw new UsageException("--svg draws one trace printed as text: jtrace --svg FILE HOST");
        if (report) {
            if (names.size() != 1 || targetsFile != null || packetLength != null)
                throw new UsageException("--report watches one HOST: jtrace --report [-c N] HOST");
            if (format == Format.DOT) throw new UsageException("--report prints text, --json or --csv, not --dot");
            return CliCommands.report(this, options, count, format, host, out, spec.commandLine().getErr(), debug);
        }
        if (names.size() == 1 && targetsFile == null && format == Format.TEXT) {
            // PlainTrace.Line.run does the same for a plain command line read without picocli: keep the two alike.
            picture.save(trace(host, options, packetLength, out, environment));
            return 0;
        }
        if (names.size() == 1 && targetsFile == null) {
            Integer length = TraceOptions.packetLength(packetLength);
            Options o = options.apply(Options.defaults(), length);
            InetAddress target = options.resolve(host);
            if (length == null) o = o.packetSize(jtrace.probe.Methods.defaultPacketSize(target));  // 60, or 80 for IPv6
            TraceOptions.Mda mda = options.multipath();
            if (mda != null) {
                if (format != Format.JSON) throw new UsageException("--mda prints text or --json, not --" + format.name().toLowerCase());
                out.println(multipath(target, o, mda, environment, m -> {}).json());
                out.flush();
                return 0;
            }
            traceAndRender(host, target, o, options.asOrigins, format, out, environment);
            return 0;
        }
        Integer length = TraceOptions.packetLength(packetLength);
        Options o = options.apply(Options.defaults(), length);
        return MultiTrace.run(names, targetsFile, options, o, length != null, format, pps, out, spec.commandLine().getErr(), environment);
    }

    /** traceroute's {@code HOST PACKETLEN}: two arguments, the second a number; a number among several hosts is a mistake. */
    private String packetLength() {
        for (int i = 1; i < hosts.size(); i++) {
            if (!hosts.get(i).matches("[+-]?[0-9]+")) continue;
            if (hosts.size() > 2) throw misplacedPacketLength(hosts.get(i));
            return hosts.get(i);
        }
        return null;
    }

    /** A packet length among several hosts: the one line the command line and the REPL's trace both print. */
    static UsageException misplacedPacketLength(String word) {
        return new UsageException("'" + word + "' is a packet length: it goes after a single HOST (jtrace [options] HOST [PACKETLEN])");
    }

    private Format format() {
        int chosen = (json ? 1 : 0) + (csv ? 1 : 0) + (dot ? 1 : 0);
        if (chosen > 1) throw new UsageException("--json, --csv and --dot choose the output: give one of them");
        return json ? Format.JSON : csv ? Format.CSV : dot ? Format.DOT : Format.TEXT;
    }

    /** {@code jtrace HOST} and {@code jtrace trace HOST}: one trace, printed as it goes; null after --methods (one per method). */
    static Trace trace(String host, TraceOptions options, String packetLength, PrintWriter out, Map<String, String> sudo)
            throws IOException {
        Integer length = TraceOptions.packetLength(packetLength);
        Options o = options.apply(Options.defaults(), length);
        InetAddress target = options.resolve(host);
        if (length == null) o = o.packetSize(jtrace.probe.Methods.defaultPacketSize(target));  // 60, or 80 for IPv6
        TraceOptions.Mda mda = options.multipath();
        if (mda != null) {
            multipathAndPrint(host, target, o, mda, Map.of(), out, sudo);
            return null;  // a Multipath, not a Trace
        }
        java.util.List<jtrace.probe.Method> methods = options.methods();
        if (methods != null) {
            MethodComparison.run(host, target, o, methods, out, sudo);
            return null;  // one trace per method
        }
        return traceAndPrint(host, target, o, options.asOrigins, Map.of(), out, sudo);
    }

    /** {@code jtrace --mda HOST}: every path, printed when found (one line per hop, then the links). */
    static jtrace.Multipath multipathAndPrint(String host, InetAddress target, Options o, TraceOptions.Mda mda,
                                              Map<InetAddress, String> known, PrintWriter out, Map<String, String> sudo) throws IOException {
        try (Names names = new Names(!o.numeric(), false, known)) {
            jtrace.Multipath m = multipath(target, o, mda, sudo, method -> {
                out.println("multipath to " + host + " (" + jtrace.packet.AddressText.of(target) + "), " + o.maxTtl() + " hops max, "
                        + method.packetSize() + " byte packets, MDA at " + mda.rule().text() + " confidence per hop"
                        + (mda.saving() == jtrace.multipath.MdaPlanner.Saving.PROBES ? ", waiting for refills" : ""));
                out.flush();
            });
            m.hops().forEach(h -> h.interfaces().forEach(i -> names.prefetch(i.address())));
            String text = m.text(names::name);
            out.print(text.substring(text.indexOf('\n') + 1));  // the header line is printed already
            out.println(m.probes() + " probes, " + String.format("%.2f s", m.nanos() / 1e9));
            out.flush();
            return m;
        }
    }

    /** One MDA scan of {@code target}; {@code opened} hears of the method once it is open (privileges dropped). */
    private static jtrace.Multipath multipath(InetAddress target, Options o, TraceOptions.Mda mda, Map<String, String> sudo,
                                              java.util.function.Consumer<jtrace.probe.ProbeMethod> opened) throws IOException {
        try (var method = jtrace.probe.Methods.open(o.method(), target, o.probeSettings())) {
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            if (!(method instanceof jtrace.probe.FlowMethod flows))
                throw new UsageException("--mda works with UDP (the default) and -I, not " + method.kind());
            opened.accept(method);
            return new jtrace.MultipathScanner(flows, o, mda.rule()).saving(mda.saving()).scan(target);
        }
    }

    /** An address, or a name with a dot in it: a second host, not a mistyped command's argument. */
    private static boolean looksLikeAHost(String word) {
        return word.contains(".") || word.contains(":");
    }

    /** One trace, printed whole once it is done and its names (and ASes with -A) are in. */
    static Trace traceAndRender(String host, InetAddress target, Options o, boolean asOrigins, Format format,
                                PrintWriter out, Map<String, String> sudo) throws IOException {
        try (var method = jtrace.probe.Methods.open(o.method(), target, o.probeSettings());
             var nat = jtrace.nat.NatAnnotator.open(method);  // root, UDP, IPv4: the NAT test reads the routers' quotes
             Names names = new Names(!o.numeric(), asOrigins, Map.of())) {
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            Trace trace = new jtrace.RouteScanner(method, o).scan(host, target, hop -> hop.addresses().forEach(names::prefetch));
            Trace annotated = nat.annotate(trace).annotated(names);
            out.print(format.start() + format.each(annotated, false) + format.end(List.of(annotated)));
            out.flush();
            return sentEveryProbe(annotated);
        }
    }

    /** A word that is no address and no dotted name: maybe a command mistyped ("tarce"). */
    private static boolean looksLikeAWord(String host) {
        return host.matches("[A-Za-z][A-Za-z-]*");
    }

    private List<String> similarCommands(String word) {
        return new CommandLine.UnmatchedArgumentException(spec.commandLine(), java.util.List.of(word)).getSuggestions();
    }

    private String unknownCommand(String word) {
        java.util.List<String> similar = similarCommands(word);
        return "unknown command '" + word + "'" + (similar.isEmpty() ? "" : " (did you mean " + similar.get(0) + "?)")
                + ": the commands are trace, probe, watch, lab and repl (jtrace --help)";
    }

    /** Runs a trace and prints it as it goes, traceroute's way: header, then each hop as soon as it is known. */
    static Trace traceAndPrint(String host, InetAddress target, Options o, Map<InetAddress, String> names,
                               PrintWriter out) throws IOException {
        return traceAndPrint(host, target, o, false, names, out, Map.of());
    }

    /**
     * With SUDO_UID/SUDO_GID in {@code sudo}: become that user once the socket is open, before any reply is read.
     * {@code asOrigins}: show each address's origin AS (-A).
     */
    static Trace traceAndPrint(String host, InetAddress target, Options o, boolean asOrigins, Map<InetAddress, String> names,
                               PrintWriter out, Map<String, String> sudo) throws IOException {
        try (var method = jtrace.probe.Methods.open(o.method(), target, o.probeSettings());
             var nat = jtrace.nat.NatAnnotator.open(method)) {  // root, UDP, IPv4: the NAT test reads the routers' quotes
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            return traceAndPrint(host, target, method, o, asOrigins, names, out, nat);
        }
    }

    /** The same on a method that is open already (the REPL's: one Ctrl-C can stop, maybe inside a lab). */
    static Trace traceAndPrint(String host, InetAddress target, jtrace.probe.ProbeMethod method, Options o,
                               Map<InetAddress, String> names, PrintWriter out) throws IOException {
        return traceAndPrint(host, target, method, o, false, names, out);
    }

    static Trace traceAndPrint(String host, InetAddress target, jtrace.probe.ProbeMethod method, Options o,
                               boolean asOrigins, Map<InetAddress, String> known, PrintWriter out) throws IOException {
        return traceAndPrint(host, target, method, o, asOrigins, known, out, jtrace.nat.NatAnnotator.none());
    }

    /** {@code nat} marks the first hop behind a NAT as the hops print, and in the trace. */
    static Trace traceAndPrint(String host, InetAddress target, jtrace.probe.ProbeMethod method, Options o, boolean asOrigins,
                               Map<InetAddress, String> known, PrintWriter out, jtrace.nat.NatAnnotator nat) throws IOException {
        try (Names names = new Names(!o.numeric(), asOrigins, known)) {
            return traceAndPrint(host, target, method, o, names, out, nat);
        }
    }

    /** A trace with its own method (and, as root over UDP, the NAT test), names and origins from {@code names}. */
    static Trace traceAndPrint(String host, InetAddress target, Options o, Names names, PrintWriter out) throws IOException {
        try (var method = jtrace.probe.Methods.open(o.method(), target, o.probeSettings());
             var nat = jtrace.nat.NatAnnotator.open(method)) {  // root, UDP, IPv4: the NAT test reads the routers' quotes
            return traceAndPrint(host, target, method, o, names, out, nat);
        }
    }

    /** The trace printed hop by hop as it goes, each hop's names (and origins) from {@code names}. */
    static Trace traceAndPrint(String host, InetAddress target, jtrace.probe.ProbeMethod method, Options o, Names names,
                               PrintWriter out, jtrace.nat.NatAnnotator nat) throws IOException {
        out.println(Trace.header(host, target, o.maxTtl(), method.packetSize()));
        out.flush();
        jtrace.render.MtuMarks marks = new jtrace.render.MtuMarks(o.mtu());
        Trace trace = nat.annotate(new jtrace.RouteScanner(method, o).scan(host, target, finished -> {
            jtrace.Hop hop = nat.hop(finished);
            hop.addresses().forEach(names::prefetch);
            out.println(hop.format(names::name, names::origin, marks.next(hop)));
            out.flush();
        }));
        if (!trace.stopLine().isEmpty()) out.println(trace.stopLine());
        trace.notes().forEach(n -> out.println("note: " + n));
        out.flush();
        return sentEveryProbe(trace.annotated(names));
    }

    /**
     * The trace, once printed, unless a probe could not be sent: then the send's error is the run's failure (one line,
     * exit 1), as before anything is shown when the very first send fails.
     */
    static Trace sentEveryProbe(Trace trace) throws IOException {
        if (trace.stop() == jtrace.result.Stop.SEND_FAILED) throw new IOException(trace.last().error());
        return trace;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jtrace " + VERSION + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
