import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jtrace.probe.Method;
import jtrace.MultipathScanner;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.packet.AddressText;
import jtrace.probe.FlowMethod;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;

/**
 * jtrace --mda next to scamper's tracelb (MDA, 95%), and Paris next to classic probes, on the lab's ECMP diamonds,
 * in one run (see bench/README.md). Needs root. Launched by bench/multipath as a single-file program.
 *
 * <p>Every run of every tool gets a lab built for it (full ICMP buckets: a Linux router answers 6 errors in a
 * burst, then 1 a second), so no tool pays for another's probes. Each run holds the lab tests' lock. jtrace runs
 * twice in-process: as {@code --mda} does (saving time where a router's burst runs out) and saving probes instead.
 */
public class Multipath {
    static int runs = 10;
    static final List<String> lines = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) if (args[i].equals("--runs")) runs = Integer.parseInt(args[++i]);
        String classPath = System.getProperty("java.class.path");
        warmUp();
        for (Scenario s : List.of(Scenario.ECMP, Scenario.WIDE)) mda(s, classPath);
        afterADrain();
        parisAgainstClassic();
        System.out.println();
        lines.forEach(System.out::println);
    }

    /** MDA: probes, time and branches found at hop 2, per run, for jtrace (in-process and as a new JVM) and scamper. */
    static void mda(Scenario scenario, String classPath) throws Exception {
        List<Double> inProcess = new ArrayList<>(), process = new ArrayList<>(), scamper = new ArrayList<>(), thrifty = new ArrayList<>();
        List<Integer> probesJ = new ArrayList<>(), probesS = new ArrayList<>(), branchesJ = new ArrayList<>(), branchesJp = new ArrayList<>(), branchesS = new ArrayList<>();
        List<Integer> probesT = new ArrayList<>(), branchesT = new ArrayList<>();
        List<String> where = new ArrayList<>(List.of(scenario + ", run 1, where the probes went: per hop, probes sent (jtrace: by phase)"));
        int width = scenario.width();
        for (int run = 0; run < runs; run++) {
            try (FileChannel lock = lock(); LabNetwork lab = fresh(scenario)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                long start = System.nanoTime();
                jtrace.Multipath m = mdaInClient(lab);
                inProcess.add((System.nanoTime() - start) / 1e6);
                probesJ.add(m.probes());
                branchesJ.add(branchesAtTwo(m, branches));
                if (run == 0) where.add(String.format(Locale.ROOT, "  %-22s %s", "jtrace --mda", perHop(m)));
            }
            try (FileChannel lock = lock(); LabNetwork lab = fresh(scenario)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                long start = System.nanoTime();
                jtrace.Multipath m = mdaInClient(lab, MdaPlanner.Saving.PROBES);
                thrifty.add((System.nanoTime() - start) / 1e6);
                probesT.add(m.probes());
                branchesT.add(branchesAtTwo(m, branches));
                if (run == 0) where.add(String.format(Locale.ROOT, "  %-22s %s", "jtrace, saving probes", perHop(m)));
            }
            try (FileChannel lock = lock(); LabNetwork lab = fresh(scenario)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                long start = System.nanoTime();
                List<String> out = lab.exec("java", "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "jtrace.cli.Main", "--mda", "-n",
                        lab.destination().getHostAddress());
                process.add((System.nanoTime() - start) / 1e6);
                branchesJp.add((int) out.stream().filter(l -> l.startsWith(" 2  ")).flatMap(l -> branches.stream().filter(l::contains)).count());
            }
            try (FileChannel lock = lock(); LabNetwork lab = fresh(scenario)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                long start = System.nanoTime();
                String json = String.join("\n", lab.exec("scamper", "-O", "json", "-c", "tracelb", "-i", lab.destination().getHostAddress()));
                scamper.add((System.nanoTime() - start) / 1e6);
                probesS.add(probec(json));
                branchesS.add(branchesIn(json, branches));
                if (run == 0) where.add(String.format(Locale.ROOT, "  %-22s %s", "scamper tracelb", perHop(json)));
            }
            System.out.printf("%s run %d: jtrace %d probes %.0f ms (%d of %d branches), process %.0f ms (%d), saving probes %d probes %.0f ms (%d),"
                    + " scamper %d probes %.0f ms (%d)%n", scenario, run + 1, probesJ.get(run), inProcess.get(run), branchesJ.get(run), width,
                    process.get(run), branchesJp.get(run), probesT.get(run), thrifty.get(run), branchesT.get(run), probesS.get(run), scamper.get(run),
                    branchesS.get(run));
        }
        lines.add(String.format(Locale.ROOT, "%s, run by run: probes (branches at hop 2 of %d)", scenario, width));
        lines.add(String.format(Locale.ROOT, "  %-22s %s", "jtrace --mda", perRun(probesJ, branchesJ)));
        lines.add(String.format(Locale.ROOT, "  %-22s %s", "jtrace, saving probes", perRun(probesT, branchesT)));
        lines.add(String.format(Locale.ROOT, "  %-22s %s", "scamper tracelb", perRun(probesS, branchesS)));
        long fewer = java.util.stream.IntStream.range(0, runs).filter(i -> probesJ.get(i) < probesS.get(i)).count();
        long same = java.util.stream.IntStream.range(0, runs).filter(i -> probesJ.get(i).equals(probesS.get(i))).count();
        lines.add(String.format(Locale.ROOT, "  jtrace sent fewer probes in %d of %d runs, as many in %d", fewer, runs, same));
        long fewerT = java.util.stream.IntStream.range(0, runs).filter(i -> probesT.get(i) < probesS.get(i)).count();
        long sameT = java.util.stream.IntStream.range(0, runs).filter(i -> probesT.get(i).equals(probesS.get(i))).count();
        lines.add(String.format(Locale.ROOT, "  jtrace saving probes sent fewer in %d of %d runs, as many in %d", fewerT, runs, sameT));
        String target = scenario + " (" + width + " routers at hop 2), " + runs + " runs";
        lines.add(String.format(Locale.ROOT, "%-34s %-32s %8s %10s %10s  %s", "MDA, 95%", "tool", "probes", "median", "max", "runs with every branch"));
        lines.add(row(target, "jtrace --mda (in-process)", probesJ, inProcess, count(branchesJ, width)));
        lines.add(row("", "jtrace --mda (new JVM)", probesJ, process, count(branchesJp, width)));
        lines.add(row("", "jtrace, saving probes", probesT, thrifty, count(branchesT, width)));
        lines.add(row("", "scamper tracelb", probesS, scamper, count(branchesS, width)));
        lines.add(String.format(Locale.ROOT, "%-34s jtrace: %.1f%% of scamper's median time in-process, %.1f%% as a new JVM; median probes %d vs %d",
                "", 100 * median(inProcess) / median(scamper), 100 * median(process) / median(scamper), (int) median(probesJ.stream().map(Integer::doubleValue).toList()),
                (int) median(probesS.stream().map(Integer::doubleValue).toList())));
        lines.addAll(where);
        lines.add("");
    }

    /** jtrace --mda over UDP with the defaults, in this JVM, from the lab's client. */
    static jtrace.Multipath mdaInClient(LabNetwork lab) throws Exception { return mdaInClient(lab, MdaPlanner.Saving.TIME); }

    /** The same, saving probes or time once a router's burst runs out. */
    static jtrace.Multipath mdaInClient(LabNetwork lab, MdaPlanner.Saving saving) throws Exception {
        Options o = Options.defaults();
        return lab.inClient(() -> {
            try (FlowMethod udp = (FlowMethod) Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                return new MultipathScanner(udp, o, StoppingRule.DEFAULT).saving(saving).scan(lab.destination());
            }
        });
    }

    /** How many of the diamond's routers the multipath result found at hop 2. */
    static int branchesAtTwo(jtrace.Multipath m, Set<String> branches) {
        return (int) m.hop(2).interfaces().stream().filter(i -> branches.contains(AddressText.of(i.address()))).count();
    }

    /**
     * Right after another tool: two classic traceroutes of hop 2 (20 probes, ~10 per branch) empty both diamond
     * routers' buckets, then each tool runs at once. Runs whose hop 2 still shows both routers, probes and time.
     */
    static void afterADrain() throws Exception {
        List<Double> timeJ = new ArrayList<>(), timeS = new ArrayList<>();
        List<Integer> probesJ = new ArrayList<>(), probesS = new ArrayList<>(), branchesJ = new ArrayList<>(), branchesS = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (FileChannel lock = lock(); LabNetwork lab = fresh(Scenario.ECMP)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                drain(lab);
                long start = System.nanoTime();
                jtrace.Multipath m = mdaInClient(lab);
                timeJ.add((System.nanoTime() - start) / 1e6);
                probesJ.add(m.probes());
                branchesJ.add(branchesAtTwo(m, branches));
            }
            try (FileChannel lock = lock(); LabNetwork lab = fresh(Scenario.ECMP)) {
                Set<String> branches = text(lab.topology().routersAt(2));
                drain(lab);
                long start = System.nanoTime();
                String json = String.join("\n", lab.exec("scamper", "-O", "json", "-c", "tracelb", "-i", lab.destination().getHostAddress()));
                timeS.add((System.nanoTime() - start) / 1e6);
                probesS.add(probec(json));
                branchesS.add(branchesIn(json, branches));
            }
            System.out.printf("after a drain, run %d: jtrace %d probes %.0f ms (%d of 2), scamper %d probes %.0f ms (%d of 2)%n", run + 1,
                    probesJ.get(run), timeJ.get(run), branchesJ.get(run), probesS.get(run), timeS.get(run), branchesS.get(run));
        }
        lines.add(String.format(Locale.ROOT, "%-34s %-32s %8s %10s %10s  %s", "right after a drain (MDA, 95%)", "tool", "probes", "median", "max", "runs with both branches"));
        lines.add(row("ECMP, " + runs + " runs", "jtrace --mda (in-process)", probesJ, timeJ, count(branchesJ, 2)));
        lines.add(row("", "scamper tracelb", probesS, timeS, count(branchesS, 2)));
        lines.add("");
    }

    /** Two classic traceroutes of hop 2 only, 10 probes each: what another tool's traces leave of the diamond's buckets. */
    static void drain(LabNetwork lab) throws Exception {
        for (int i = 0; i < 2; i++) lab.exec("traceroute", "-n", "-f", "2", "-m", "2", "-q", "10", "-w", "0.2", lab.destination().getHostAddress());
    }

    /**
     * Paris (the default) against --classic and traceroute 2.1.2, over UDP and ICMP: runs whose hop 2 shows both
     * routers of the diamond on one line (a link that does not exist).
     */
    static void parisAgainstClassic() throws Exception {
        lines.add(String.format(Locale.ROOT, "%-34s %-32s %s", "one trace, 3 probes per hop", "tool", "runs whose hop 2 mixes both routers"));
        for (Method method : List.of(Method.UDP, Method.ICMP)) {
            int paris = 0, classic = 0, traceroute = 0;
            for (int run = 0; run < runs; run++) {
                for (boolean isParis : new boolean[] {true, false}) {
                    try (FileChannel lock = lock(); LabNetwork lab = fresh(Scenario.ECMP)) {
                        Options base = Options.defaults().method(method);
                        Options o = isParis ? base : base.classic();
                        Trace t = lab.inClient(() -> {
                            try (ProbeMethod probe = Methods.open(method, lab.destination(), o.probeSettings())) {
                                return new RouteScanner(probe, o).scan(lab.destination());
                            }
                        });
                        if (t.hop(2).addresses().size() > 1) { if (isParis) paris++; else classic++; }
                    }
                }
                try (FileChannel lock = lock(); LabNetwork lab = fresh(Scenario.ECMP)) {
                    List<String> args = new ArrayList<>(List.of("traceroute", "-n"));
                    if (method == Method.ICMP) args.add("-I");
                    args.add(lab.destination().getHostAddress());
                    List<String> out = lab.exec(args.toArray(String[]::new));
                    String hop2 = out.stream().filter(l -> l.startsWith(" 2 ")).findFirst().orElse("");
                    if (lab.topology().routersAt(2).stream().allMatch(a -> hop2.contains(a.getHostAddress()))) traceroute++;
                }
            }
            String name = method == Method.ICMP ? "ICMP" : "UDP";
            lines.add(String.format(Locale.ROOT, "%-34s %-32s %d of %d", "ECMP, " + name + ", " + runs + " runs", "jtrace (Paris, the default)", paris, runs));
            lines.add(String.format(Locale.ROOT, "%-34s %-32s %d of %d", "", "jtrace --classic", classic, runs));
            lines.add(String.format(Locale.ROOT, "%-34s %-32s %d of %d", "", "traceroute 2.1.2 -n" + (method == Method.ICMP ? " -I" : ""), traceroute, runs));
        }
    }

    static void warmUp() throws Exception {
        try (FileChannel lock = lock(); LabNetwork lab = fresh(Scenario.ECMP)) {
            for (int i = 0; i < 3; i++) {
                Options o = Options.defaults();
                lab.inClient(() -> {
                    try (FlowMethod udp = (FlowMethod) Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                        return new MultipathScanner(udp, o, StoppingRule.DEFAULT).scan(lab.destination());
                    }
                });
                Thread.sleep(6000 / 3);
            }
        }
    }

    /** A lab built for one run, settled 300 ms while the kernel tears down the previous one. */
    static LabNetwork fresh(Scenario s) throws Exception {
        LabNetwork lab = Lab.up(s);
        Thread.sleep(300);
        return lab;
    }

    static FileChannel lock() throws Exception {
        FileChannel c = FileChannel.open(Path.of("/tmp/jtrace-lab-tests.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        c.lock();
        return c;
    }

    static Set<String> text(List<InetAddress> addresses) {
        Set<String> out = new LinkedHashSet<>();
        addresses.forEach(a -> out.add(AddressText.of(a)));
        return out;
    }

    /** Probes per hop, each with its phases: "1: 1 {FIRST=1} | 2: 11 {FIRST=1, RULE=10} | …". */
    static String perHop(jtrace.Multipath m) {
        return String.join(" | ", m.hops().stream().map(h -> h.ttl() + ": " + h.sent() + " " + h.phases()).toList());
    }

    /**
     * Probes per hop in scamper's tracelb JSON: each probe listed under a link has its TTL before its attempt
     * number; the probes that found the first hop are listed nowhere (probec less the listed ones).
     */
    static String perHop(String json) {
        java.util.TreeMap<Integer, Integer> byTtl = new java.util.TreeMap<>();
        Matcher ttl = Pattern.compile("\"ttl\":(\\d+), \"attempt\"").matcher(json);
        int listed = 0;
        while (ttl.find()) {
            byTtl.merge(Integer.parseInt(ttl.group(1)), 1, Integer::sum);
            listed++;
        }
        StringBuilder out = new StringBuilder("first hop: " + (probec(json) - listed));
        byTtl.forEach((t, n) -> out.append(" | ").append(t).append(": ").append(n));
        return out.toString();
    }

    /** scamper's own count of the probes it sent. */
    static int probec(String json) {
        Matcher probes = Pattern.compile("\"probec\":(\\d+)").matcher(json);
        return probes.find() ? Integer.parseInt(probes.group(1)) : -1;
    }

    /** How many of {@code branches} scamper's JSON names as nodes. */
    static int branchesIn(String json, Set<String> branches) {
        Set<String> nodes = new LinkedHashSet<>();
        Matcher addr = Pattern.compile("\"addr\":\"([^\"]+)\"").matcher(json);
        while (addr.find()) nodes.add(addr.group(1));
        nodes.retainAll(branches);
        return nodes.size();
    }

    static String perRun(List<Integer> probes, List<Integer> branches) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < probes.size(); i++) out.append(String.format(Locale.ROOT, "%4d (%d)", probes.get(i), branches.get(i)));
        return out.toString();
    }

    static String count(List<Integer> found, int width) {
        return found.stream().filter(n -> n == width).count() + " of " + found.size() + " " + found;
    }

    static String row(String target, String tool, List<Integer> probes, List<Double> millis, String branches) {
        return String.format(Locale.ROOT, "%-34s %-32s %8d %8.0f ms %7.0f ms  %s", target, tool,
                (int) median(probes.stream().map(Integer::doubleValue).toList()), median(millis), Collections.max(millis), branches);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
