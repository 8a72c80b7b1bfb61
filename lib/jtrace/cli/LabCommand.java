package jtrace.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jtrace.Options;
import jtrace.names.Names;
import jtrace.lab.Lab;
import jtrace.lab.LabDns;
import jtrace.lab.LabNetwork;
import jtrace.lab.LabStatus;
import jtrace.lab.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jtrace lab}: a virtual network of real kernel routers in namespaces, to trace without the internet. */
@Command(name = "lab", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Build a small network of real Linux routers in network namespaces and trace across it.",
                "Without an action: trace every scenario once, each in a lab built for the trace and removed after it;"
                        + " a lab that is up already (lab up) is traced as it is and stays up.",
                "Needs root and iproute2, and keeps root for the whole run (namespaces, setns), where a plain trace"
                        + " under sudo drops it.",
                "Scenarios: chain, silent, blackhole, unreachable, prohibited, ecmp (a two-way ECMP diamond at hop 2),"
                        + " wide (a four-way one), nat (router 2 masquerades; needs nftables).",
                "--dns (here, with up and with trace): the lab's own DNS server (dnsmasq) answers names and Team Cymru-style"
                        + " AS records for the lab's addresses, for the traces the lab runs (-A works) and for"
                        + " ip netns exec jtl-SCENARIO-c in your shell; it stops when the lab is removed."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.ListLabs.class, LabCommand.TraceLab.class})
final class LabCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin CliCommands.DebugOption debug;
    @Option(names = "--dns", description = "Start the lab's DNS server (dnsmasq) for every scenario traced: names from it, and AS origins.")
    boolean dns;

    /**
     * Every scenario once. A lab that is up already (the user's, from {@code lab up}) is traced where it is and
     * left up; the others are built for the trace and removed. Namespaces of a scenario that do not form a whole
     * lab are left alone too (someone may be building it): that scenario is skipped, with the command to remove them.
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> built = new java.util.ArrayList<>(), kept = new java.util.ArrayList<>(), skipped = new java.util.ArrayList<>();
        for (Scenario s : Scenario.values()) {
            Optional<LabStatus> found = Lab.list().stream().filter(l -> l.scenario() == s).findFirst();
            if (found.isPresent() && !found.get().complete()) {
                out.println("== " + s + ": skipped, its namespaces are there but not a whole lab (jtrace lab down " + s + " removes them)");
                out.println();
                skipped.add(s.label());
                continue;
            }
            Optional<LabNetwork> running = Lab.attach(s);
            out.println("== " + s + ": " + s.description()
                    + (running.isPresent() ? " (in the lab that is up; it stays up)" : ""));
            try (LabNetwork lab = running.orElseGet(() -> Lab.up(s));
                 LabDns server = dns && !LabDns.running(lab.client()) ? LabDns.start(lab) : null) {  // one up already stays
                traceIn(lab, 4, Options.defaults(), null, dns, dns, out);
                out.println();
                traceIn(lab, 6, Options.defaults(), null, dns, dns, out);  // IPv6 errors have their own rate limit: no wait needed
            }
            (running.isPresent() ? kept : built).add(s.label());
            out.println();
        }
        if (!built.isEmpty()) out.println("built, traced and removed: " + String.join(", ", built));
        if (!kept.isEmpty()) out.println("traced and left up (they were up before): " + String.join(", ", kept));
        if (!skipped.isEmpty()) out.println("skipped (incomplete, left as they were): " + String.join(", ", skipped));
        return 0;
    }

    /**
     * Traces the lab's destination from inside its client namespace, with the lab's own host names; over
     * IPv6 when {@code family} is 6 (-6), else IPv4 (the lab is dual-stack).
     */
    static void traceIn(LabNetwork lab, int family, Options options, PrintWriter out) throws Exception {
        traceIn(lab, family, options, null, false, false, out);
    }

    /**
     * The same, or every path (--mda) when {@code mda} is given. With {@code dns} (the lab's DNS server is
     * up) names come from it, not from the lab's table, and so do the origins when {@code asOrigins} (-A).
     */
    static void traceIn(LabNetwork lab, int family, Options options, TraceOptions.Mda mda, boolean dns,
                        boolean asOrigins, PrintWriter out) throws Exception {
        java.net.InetAddress destination = lab.destination(family == 6 ? 6 : 4);
        Options o = options.packetSize(jtrace.probe.Methods.defaultPacketSize(destination));
        String host = lab.names().getOrDefault(destination, jtrace.packet.AddressText.of(destination));
        Map<java.net.InetAddress, String> names = o.numeric() || dns ? Map.of() : lab.names();
        if (mda != null) {
            lab.inClient(() -> Main.multipathAndPrint(host, destination, o, mda, names, out, Map.of()));
            return;
        }
        // Created in the client namespace, so its lookups reach the lab's server on the client's 127.0.0.1.
        lab.inClient(() -> {
            try (Names lookups = new Names(!o.numeric(), asOrigins, names, dns ? LabDns.SERVER : null)) {
                return Main.traceAndPrint(host, destination, o, lookups, out);
            }
        });
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Build scenarios and leave them up (default: all).")
    static final class Up implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "SCENARIO") List<String> scenarios;
        @Option(names = "--routers", paramLabel = "N", description = "Routers per chain (default 5).") int routers = 5;
        @Option(names = "--dns", description = "Also start the lab's DNS server (dnsmasq): names and AS origins for ip netns exec in the client namespace; lab down stops it.")
        boolean dns;
        @Mixin CliCommands.DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Scenario> chosen = chosen(scenarios);
            checkRouters(routers, chosen);
            for (Scenario s : chosen) {
                LabNetwork lab = Lab.up(s, routers).keepAfterExit();
                out.printf("%s up in %d ms: trace %s or %s from namespace %s (jtrace lab trace %s [-6])%n", lab,
                        lab.buildTime().toMillis(), lab.destination().getHostAddress(),
                        jtrace.packet.AddressText.of(lab.destination6()), lab.client(), s);
                if (dns) {
                    LabDns.start(lab);  // a daemon: it stays up with the lab, and lab down stops it
                    out.printf("  its DNS server answers names and AS origins there: sudo ip netns exec %s jtrace -A %s%n",
                            lab.client(), lab.destination().getHostAddress());
                }
                if (s == Scenario.MPLS)
                    out.println("  its MPLS routers are a responder process (pid " + lab.responderPid().orElse(-1)
                            + ") that jtrace lab down stops: trace with -e to see their label stacks");
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Remove scenarios (default: everything jtrace's lab left, crashed runs included).")
    static final class Down implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "SCENARIO") List<String> scenarios;
        @Mixin CliCommands.DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> removed = scenarios == null || scenarios.isEmpty() ? Lab.down()
                    : chosen(scenarios).stream().flatMap(s -> Lab.down(s).stream()).toList();
            if (removed.isEmpty())
                out.println("nothing to remove: " + (scenarios == null || scenarios.isEmpty() ? "no lab was up"
                        : "no " + String.join(" or ", scenarios) + " lab was up") + " (jtrace lab list shows what is up)");
            else out.println("removed " + removed.size() + " namespace" + (removed.size() == 1 ? "" : "s") + ": " + String.join(" ", removed));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show which scenarios are up.")
    static final class ListLabs implements Callable<Integer> {
        @Mixin CliCommands.DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<LabStatus> up = Lab.list();
            if (up.isEmpty()) out.println("no lab is up (jtrace lab up [SCENARIO] builds one)");
            up.forEach(s -> out.println(s.describe()));
            return 0;
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Trace one scenario (default chain): inside the lab that is up, else one built for this trace.")
    static final class TraceLab implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "SCENARIO") String scenario;
        @Option(names = "--routers", paramLabel = "N", description = "Routers, when the lab is built for this trace (5).") int routers = 5;
        @Option(names = "--dns", description = "Names (and with -A, AS origins) from the lab's DNS server, started for this trace"
                + " unless it is up already (lab up --dns).")
        boolean dns;
        @Mixin TraceOptions options = new TraceOptions();
        @Mixin CliCommands.DebugOption debug;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Scenario s = scenario == null ? Scenario.CHAIN : parse(scenario);
            Options o = options.apply(Options.defaults(), null);
            checkRouters(routers, List.of(s));
            if (options.asOrigins && !dns)
                throw new UsageException("-A in the lab needs its DNS server: jtrace lab trace --dns -A (the lab cannot reach Team Cymru)");
            Optional<LabNetwork> running = Lab.attach(s);
            try (LabNetwork lab = running.orElseGet(() -> Lab.up(s, routers));
                 LabDns server = dns && !LabDns.running(lab.client()) ? LabDns.start(lab) : null) {
                traceIn(lab, options.family(), o, options.multipath(), dns, options.asOrigins, spec.commandLine().getOut());
            }
            return 0;
        }
    }

    private static List<Scenario> chosen(List<String> names) {
        if (names == null || names.isEmpty() || names.equals(List.of("all"))) return List.of(Scenario.values());
        return names.stream().map(LabCommand::parse).toList();
    }

    /** A wrong --routers is the user's mistake (exit 2), found before anything is built. */
    static void checkRouters(int routers, List<Scenario> scenarios) {
        if (routers < jtrace.lab.Topology.MIN_ROUTERS || routers > jtrace.lab.Topology.MAX_ROUTERS)
            throw new UsageException("--routers must be " + jtrace.lab.Topology.MIN_ROUTERS + ".." + jtrace.lab.Topology.MAX_ROUTERS
                    + ", got " + routers + " (the lab is a chain of that many routers)");
        for (Scenario s : scenarios) {
            try {
                new jtrace.lab.Topology(s, routers);
            } catch (jtrace.lab.LabException e) {
                throw new UsageException(e.getMessage() + ": use --routers " + (jtrace.lab.Topology.DIAMOND_HOP + 1) + " or more");
            }
        }
    }

    static Scenario parse(String name) {
        try {
            return Scenario.parse(name);
        } catch (jtrace.lab.LabException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
