package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import jtrace.Options;
import jtrace.Trace;
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
                "       @|bold jtrace|@ COMMAND [ARGS...]      (jtrace COMMAND --help shows its options)"},
        description = {"Print the route packets take to HOST, one hop per line, as traceroute(8) does.",
                "Without root it uses UDP (any user) or ICMP ping sockets (-I, where allowed)."},
        footer = {"", "Exit status: 0 when the trace ran (reached or not), 2 for bad usage, 1 for other failures.",
                "A host named like a subcommand: jtrace -- lab"})
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Mixin
    TraceOptions options = new TraceOptions();
    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "Name or address to trace.")
    String host;
    @Parameters(index = "1", arity = "0..1", paramLabel = "PACKETLEN", description = "Bytes per probe, IP header included (60).")
    String packetLength;
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
                        + " ..., or jtrace -- " + parsed.matchedPositionalValue(0, "") + " to trace a host named so");
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cli.execute(args);
        } catch (LinkageError e) {  // a class file unreadable (after sudo's drop, say): one line, as for any failure
            return Errors.report(e, debug, err);
        }
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
    public Integer call() throws IOException {
        boolean literal = spec.commandLine().getParseResult().originalArgs().contains("--");
        if (host != null && !literal && REPL_ONLY.containsKey(host))
            throw new UsageException("'" + host + "' is a command of the REPL: " + REPL_ONLY.get(host)
                    + " (to trace a host named " + host + ": jtrace -- " + host + ")");
        if (host == null) {
            // At a terminal, no host starts the REPL (these options become its defaults); in a script it is an error.
            if (System.console() != null) return Repl.start(options.apply(Options.defaults(), TraceOptions.packetLength(packetLength)), debug);
            throw new UsageException("no host given: jtrace [options] HOST (see --help)");
        }
        if (!literal && packetLength != null && !packetLength.matches("[+-]?[0-9]+") && looksLikeAWord(host))
            throw new UsageException(unknownCommand(host));
        // PlainTrace.Line.run does the same for a plain command line read without picocli: keep the two alike.
        trace(host, options, packetLength, spec.commandLine().getOut(), environment);
        return 0;
    }

    /** {@code jtrace HOST} and {@code jtrace trace HOST}: one trace, printed as it goes. */
    static void trace(String host, TraceOptions options, String packetLength, PrintWriter out, Map<String, String> sudo)
            throws IOException {
        Integer length = TraceOptions.packetLength(packetLength);
        Options o = options.apply(Options.defaults(), length);
        InetAddress target = options.resolve(host);
        if (length == null) o = o.packetSize(jtrace.probe.Methods.defaultPacketSize(target));  // 60, or 80 for IPv6
        java.util.List<jtrace.Method> methods = options.methods();
        if (methods != null) MethodComparison.run(host, target, o, methods, out, sudo);
        else traceAndPrint(host, target, o, Map.of(), out, sudo);
    }

    /** A word that is no address and no dotted name: maybe a command mistyped ("tarce"). */
    private static boolean looksLikeAWord(String host) {
        return host.matches("[A-Za-z][A-Za-z-]*");
    }

    private String unknownCommand(String word) {
        java.util.List<String> similar = new CommandLine.UnmatchedArgumentException(spec.commandLine(), java.util.List.of(word)).getSuggestions();
        return "unknown command '" + word + "'" + (similar.isEmpty() ? "" : " (did you mean " + similar.get(0) + "?)")
                + ": the commands are trace, probe, watch, lab and repl (jtrace --help)";
    }

    /** Runs a trace and prints it as it goes, traceroute's way: header, then each hop as soon as it is known. */
    static Trace traceAndPrint(String host, InetAddress target, Options o, Map<InetAddress, String> names,
                               PrintWriter out) throws IOException {
        return traceAndPrint(host, target, o, names, out, Map.of());
    }

    /** With SUDO_UID/SUDO_GID in {@code sudo}: become that user once the socket is open, before any reply is read. */
    static Trace traceAndPrint(String host, InetAddress target, Options o, Map<InetAddress, String> names,
                               PrintWriter out, Map<String, String> sudo) throws IOException {
        try (var method = jtrace.probe.Methods.open(o.method(), target, o)) {
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            return traceAndPrint(host, target, method, o, names, out);
        }
    }

    /** The same on a method that is open already (the REPL's: one Ctrl-C can stop, maybe inside a lab). */
    static Trace traceAndPrint(String host, InetAddress target, jtrace.probe.ProbeMethod method, Options o,
                               Map<InetAddress, String> names, PrintWriter out) throws IOException {
        try (ReverseDns dns = new ReverseDns(o.numeric() ? 0 : 1000, names)) {
            out.println("traceroute to " + host + " (" + jtrace.packet.AddressText.of(target) + "), " + o.maxTtl()
                    + " hops max, " + method.packetSize() + " byte packets");
            out.flush();
            jtrace.MtuMarks marks = new jtrace.MtuMarks(o);
            Trace trace = new jtrace.RouteScanner(method, o).scan(host, target, hop -> {
                if (!o.numeric()) hop.addresses().forEach(dns::prefetch);
                out.println(hop.format(a -> o.numeric() ? names.get(a) : dns.name(a), marks.next(hop)));
                out.flush();
            });
            if (!trace.stopLine().isEmpty()) out.println(trace.stopLine());
            trace.notes().forEach(n -> out.println("note: " + n));
            out.flush();
            return trace.withNames(o.numeric() ? names : dns.resolved());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jtrace " + VERSION + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
