import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;

/**
 * jtrace next to Debian's traceroute on the same lab, in the same run (see bench/README.md). Needs root.
 * Launched by bench/run as a single-file program: java -cp <jtrace classes + deps> bench/Bench.java [options]
 *
 * <p>Rate limiting: every lab router answers ~6 ICMP errors in a burst, then 1 per second, per namespace. By
 * default every measured run (of either tool) gets a lab built just for it, so every run starts with full
 * token buckets. With --spacing S all runs of a target share one lab and wait S seconds between runs instead
 * (6 s refills a burst of 6 at 1 token/s). Each run holds the end-to-end tests' lab lock (one lab user at a time).
 */
public class Bench {
    static int runs = 9, warmups = 5, blackholeRuns = 5, jbangRuns = 5;
    static double spacing = 0;  // 0: a fresh lab per run
    static boolean skipTracerouteBlackhole, skipStartup, startupOnly;
    /** JDKs for the start-up table besides the one running the bench (default: Temurin 25 where installed). */
    static final List<Path> extraJdks = new ArrayList<>();
    static final int ROUTERS = 6;
    static final List<Row> rows = new ArrayList<>();

    /** One line of the table. */
    record Row(String target, String tool, String how, List<Double> millis, int runs, int correct, String verdict) {
        Row(String target, String tool, String how, List<Double> millis, int correct, String verdict) {
            this(target, tool, how, millis, millis.size(), correct, verdict);
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--spacing" -> spacing = Double.parseDouble(args[++i]);
                case "--quick" -> { runs = 3; warmups = 2; blackholeRuns = 2; jbangRuns = 2; skipTracerouteBlackhole = true; }
                case "--no-traceroute-blackhole" -> skipTracerouteBlackhole = true;
                case "--jdk" -> extraJdks.add(Path.of(args[++i]));
                case "--no-startup" -> skipStartup = true;
                case "--startup-only" -> startupOnly = true;
                default -> {
                    System.err.println("usage: bench/run [--runs N] [--warmups N] [--spacing SECONDS] [--quick] [--no-traceroute-blackhole]"
                            + " [--jdk JAVA_HOME]... [--no-startup | --startup-only]");
                    System.exit(2);
                }
            }
        }
        if (!isRoot()) {
            System.err.println("bench: needs root (the lab creates network namespaces): sudo bench/run");
            System.exit(1);
        }
        String traceroute = which("traceroute");
        System.out.println("jtrace benchmark — " + describeMachine(traceroute));
        System.out.println(spacing == 0
                ? "Rate limiting: every measured run gets a freshly built lab (full ICMP token buckets); the neighbour caches are"
                        + " warmed by one ICMP echo (echo replies are not rate-limited) and the lab settles 300 ms before the run."
                : String.format("Rate limiting: one lab per target, %.1f s between runs (a burst of 6 refills at 1 token/s).", spacing));
        System.out.println();

        Options defaults = Options.defaults().numeric(true);
        if (startupOnly) {
            startup(traceroute);
            printTable();
            return;
        }
        for (int i = 0; i < warmups; i++) timeJtrace(Scenario.CHAIN, defaults, null);  // JIT, class loading, first native calls

        compare(Scenario.CHAIN, "chain, " + ROUTERS + " routers, all answer", defaults, traceroute);
        compare(Scenario.SILENT, "chain, " + ROUTERS + " routers, router " + (ROUTERS + 1) / 2 + " silent", defaults, traceroute);
        blackhole(defaults, traceroute);
        tcp(defaults, traceroute);
        twiceInARow(defaults, traceroute);
        processes(defaults);
        startup(traceroute);

        printTable();
    }

    // ---------------------------------------------------------------- targets

    static void compare(Scenario scenario, String target, Options o, String traceroute) throws Exception {
        List<String> expected = new ArrayList<>();
        Series jt = series(scenario, lab -> {
            if (expected.isEmpty()) expected.addAll(text(lab.expectedHops()));
            return timeJtrace(lab, o);
        }, runs);
        rows.add(row(target, "jtrace", "warm JVM, in-process scan", jt, jt.correct(r -> r.route().equals(expected)), ""));
        if (traceroute == null) {
            rows.add(new Row(target, "traceroute -n", "not installed", List.of(), 0, "n/a"));
            return;
        }
        Series tr = series(scenario, lab -> timeProcess(lab, List.of(traceroute, "-n", lab.destination().getHostAddress()), 60), runs);
        rows.add(row(target, "traceroute -n", "ip netns exec, whole process", tr,
                tr.correct(r -> r.route().equals(expected)), ratio(median(jt.millis), median(tr.millis))));
        sample(target, jt, tr);
    }

    /**
     * TCP through the firewall lab, whose destination drops UDP and ICMP echo: jtrace -T (one connect() per probe,
     * any user) next to traceroute -T (raw SYNs, root). Both must reach the destination.
     */
    static void tcp(Options defaults, String traceroute) throws Exception {
        String target = "firewall: only TCP passes (-T)";
        Options o = defaults.method(jtrace.probe.Method.TCP);
        List<String> expected = new ArrayList<>();
        Series jt = series(Scenario.FIREWALL, lab -> {
            if (expected.isEmpty()) {
                expected.addAll(text(lab.expectedHops()));
                expected.set(expected.size() - 1, lab.destination().getHostAddress());  // the firewall lets TCP in
            }
            return timeJtrace(lab, o);
        }, runs);
        rows.add(row(target, "jtrace -T", "warm JVM, raw SYNs (root)", jt, jt.correct(r -> r.route().equals(expected)), ""));
        if (traceroute == null) {
            rows.add(new Row(target, "traceroute -T -n", "not installed", List.of(), 0, "n/a"));
            return;
        }
        Series tr = series(Scenario.FIREWALL, lab -> timeProcess(lab, List.of(traceroute, "-T", "-n", lab.destination().getHostAddress()), 60), runs);
        rows.add(row(target, "traceroute -T -n", "ip netns exec, raw SYNs (root)", tr,
                tr.correct(r -> r.route().equals(expected)), ratio(median(jt.millis), median(tr.millis))));
        sample(target, jt, tr, "traceroute -T -n");
    }

    /** The first run's output of each tool, for the record. */
    static void sample(String target, Series jtrace, Series traceroute) { sample(target, jtrace, traceroute, "traceroute -n"); }

    static void sample(String target, Series jtrace, Series traceroute, String tracerouteLabel) {
        System.out.println("--- " + target + ": jtrace (first measured run)");
        if (!jtrace.runs.isEmpty()) jtrace.runs.get(0).stdout().forEach(l -> System.out.print(l.endsWith("\n") ? l : l + "\n"));
        if (traceroute != null && !traceroute.runs.isEmpty()) {
            System.out.println("--- " + target + ": " + tracerouteLabel + " (first measured run)");
            traceroute.runs.get(0).stdout().forEach(System.out::println);
        }
        System.out.println();
    }

    /**
     * Each tool run twice in a row on one fresh chain: the second run meets routers and a destination whose ICMP
     * budget the first one spent (a burst of ~6, then one a second). Printed side by side: where each put the
     * destination, and how long it took. (Was a lab test that asserted nothing.)
     */
    static void twiceInARow(Options o, String traceroute) throws Exception {
        System.out.println("--- twice in a row on one fresh chain (the second run meets rate-limited hosts)");
        try (FileChannel lock = labLock(); LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            String dest = lab.destination().getHostAddress();
            for (int i = 1; i <= 2; i++) {
                Run j = timeJtrace(lab, o);
                System.out.printf("jtrace, run %d: %.0f ms, %s, route %s%n", i, j.millis(), j.stop(), j.route());
            }
            if (traceroute == null) return;
            for (int i = 1; i <= 2; i++) {
                Run t = runProcess(lab, List.of(traceroute, "-n", dest), 120);
                System.out.printf("traceroute -n, run %d: %.0f ms, route %s%n", i, t.millis(), t.route());
            }
        }
        System.out.println();
    }

    static void blackhole(Options o, String traceroute) throws Exception {
        String target = "blackhole: destination silent";
        Series jt = series(Scenario.BLACKHOLE, lab -> timeJtrace(lab, o), blackholeRuns);
        boolean fast = !jt.millis.isEmpty() && jt.millis.stream().allMatch(ms -> ms < 1500);
        int gapLimit = jt.correct(r -> r.stop() == Stop.GAP_LIMIT && r.stopLine().contains("gap limit"));
        String verdict = (fast && gapLimit == jt.runs.size() ? "PASS" : "FAIL") + ": every run < 1.5 s (max "
                + fmt(jt.millis.stream().mapToDouble(d -> d).max().orElse(Double.NaN)) + ") and stopped at the gap limit ("
                + gapLimit + "/" + jt.runs.size() + ")";
        rows.add(row(target, "jtrace", "warm JVM, default options", jt, gapLimit, verdict));
        System.out.println("jtrace on the blackhole said: " + (jt.runs.isEmpty() ? "-" : jt.runs.get(0).stopLine()));
        if (traceroute == null || skipTracerouteBlackhole) {
            rows.add(new Row(target, "traceroute -n", traceroute == null ? "not installed" : "skipped", List.of(), 0, "n/a"));
            sample(target, jt, null);
            return;
        }
        System.out.println("traceroute -n on the blackhole (once; it waits 5 s per round of silent probes) ...");
        Series tr = series(Scenario.BLACKHOLE, lab -> timeProcess(lab, List.of(traceroute, "-n", lab.destination().getHostAddress()), 120), 1);
        rows.add(row(target, "traceroute -n", "ip netns exec, whole process, once", tr,
                tr.correct(r -> r.route().size() == 30), ratio(median(jt.millis), median(tr.millis))));
        sample(target, jt, tr);
    }

    /** Whole-process jtrace: a new JVM per trace, and the cached JBang one-liner. */
    static void processes(Options o) throws Exception {
        String target = "chain, " + ROUTERS + " routers: whole process";
        List<String> expected = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Series jvm = series(Scenario.CHAIN, lab -> {
            if (expected.isEmpty()) expected.addAll(text(lab.expectedHops()));
            return timeProcess(lab, List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, "jtrace.cli.Main", "-n",
                    lab.destination().getHostAddress()), 60);
        }, jbangRuns);
        rows.add(row(target, "jtrace (java -cp)", "ip netns exec, new JVM", jvm, jvm.correct(r -> r.route().equals(expected)), ""));
        sample(target + " (java -cp)", jvm, null);

        Path jbang = Path.of("jbang").toAbsolutePath();
        String why = null;
        if (!Files.isExecutable(jbang) || !Files.exists(Path.of("jtrace.java"))) why = "no ./jbang or jtrace.java here";
        else {
            // First run builds and caches the jar (not timed); its failure is reported as is.
            try (FileChannel lock = labLock(); LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
                Run first = runProcess(lab, List.of(jbang.toString(), "jtrace.java", "-n", lab.destination().getHostAddress()), 300);
                if (first.exit != 0 || !first.route().equals(text(lab.expectedHops())))
                    why = "./jbang jtrace.java failed (exit " + first.exit + "): "
                            + String.join(" | ", first.stderr.isEmpty() ? first.stdout : first.stderr);
            }
        }
        if (why != null) {
            System.out.println("JBang: " + why);
            rows.add(new Row(target, "./jbang jtrace.java", "n/a", List.of(), 0, "n/a: " + shorten(why, 80)));
            return;
        }
        Series jb = series(Scenario.CHAIN, lab -> timeProcess(lab, List.of(jbang.toString(), "jtrace.java", "-n",
                lab.destination().getHostAddress()), 120), jbangRuns);
        double traceroute = rows.stream().filter(r -> r.target().startsWith("chain") && r.tool().startsWith("traceroute"))
                .map(r -> median(r.millis())).findFirst().orElse(Double.NaN);
        rows.add(row(target, "./jbang jtrace.java", "ip netns exec, cached", jb, jb.correct(r -> r.route().equals(expected)),
                ratio(median(jb.millis), traceroute).replace("jtrace", "JBang one-liner") + " than the traceroute process"));
    }

    /**
     * Start-up, per JDK: a hello-world JVM (the floor), the installed command bin/jtrace (the application's JVM
     * alone, from its start-up archive), the cached one-liner ./jbang jtrace.java (JBang's JVM, then the
     * application's, both from archives), each a whole traced process in the chain lab; and JShell to its first
     * prompt on a pty (runShell), ./jbang -i jtrace.jsh next to plain jshell. Runs of the kinds alternate, so that
     * the machine's load falls on all alike; a fresh lab per traced run (rate limits). The first runs make the
     * jar and the archives and are not timed.
     */
    static void startup(String tracerouteTool) throws Exception {
        if (skipStartup) return;
        // One hold of the lab lock for the whole table (a fresh lab per traced run inside it).
        try (FileChannel lock = labLock()) {
            startupLocked(tracerouteTool);
        }
    }

    static void startupLocked(String tracerouteTool) throws Exception {
        Path jbang = Path.of("jbang").toAbsolutePath(), launcher = Path.of("bin/jtrace").toAbsolutePath();
        if (!Files.isExecutable(jbang) || !Files.isExecutable(launcher)) {
            rows.add(new Row("start-up", "-", "n/a", List.of(), 0, "n/a: no ./jbang or bin/jtrace here"));
            return;
        }
        List<Path> jdks = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        if (extraJdks.isEmpty() && Files.isExecutable(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")))
            jdks.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        jdks.addAll(extraJdks);
        Path hello = Files.createTempDirectory("bench-hello");
        Files.writeString(hello.resolve("Hello.java"), "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "--release", "17",
                "-d", hello.toString(), hello.resolve("Hello.java").toString()).inheritIO().start();
        if (javac.waitFor() != 0) throw new IOException("javac Hello.java failed");
        double traceroute = rows.stream().filter(r -> r.target().startsWith("chain") && r.tool().startsWith("traceroute"))
                .map(r -> median(r.millis())).findFirst().orElse(Double.NaN);
        if (Double.isNaN(traceroute) && tracerouteTool != null) {  // --startup-only: the reference, measured here
            Kind tr = new Kind("traceroute -n", "ip netns exec, whole process", lab -> List.of(tracerouteTool, "-n", dest(lab)), true);
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < jbangRuns; i++) runs.add(oneRun(tr));
            Series series = new Series(runs.stream().map(Run::millis).filter(ms -> !Double.isNaN(ms)).toList(), runs);
            rows.add(row("start-up: reference", tr.tool(), tr.how(), series,
                    series.correct(r -> r.route().size() == ROUTERS + 1 && !r.route().contains("*")), ""));
            traceroute = median(series.millis());
        }
        for (Path jdk : jdks) {
            String version = javaVersion(jdk);
            String target = "start-up, Java " + version + ": whole process";
            List<String> env = List.of("env", "JAVA_HOME=" + jdk);
            List<Kind> kinds = List.of(
                    new Kind("hello-world JVM", "java -cp . Hello", lab -> List.of(jdk.resolve("bin/java").toString(), "-cp", hello.toString(), "Hello"), false),
                    new Kind("jtrace (bin/jtrace)", "installed command, app JVM", lab -> concat(env, launcher.toString(), "-n", dest(lab)), true),
                    new Kind("./jbang jtrace.java", "one-liner, cached", lab -> concat(env, jbang.toString(), "jtrace.java", "-n", dest(lab)), true));
            System.out.println("start-up on Java " + version + ": first runs (jar, archives; not timed) ...");
            for (int i = 0; i < 3; i++)
                for (Kind k : kinds) if (k.traces()) oneRun(k);
            List<List<Run>> done = new ArrayList<>();
            kinds.forEach(k -> done.add(new ArrayList<>()));
            for (int i = 0; i < jbangRuns; i++)
                for (int k = 0; k < kinds.size(); k++) done.get(k).add(oneRun(kinds.get(k)));
            double floor = Double.NaN;
            for (int k = 0; k < kinds.size(); k++) {
                Kind kind = kinds.get(k);
                List<Run> runs = done.get(k);
                Series series = new Series(runs.stream().map(Run::millis).filter(ms -> !Double.isNaN(ms)).toList(), runs);
                int correct = kind.traces() ? series.correct(r -> r.route().size() == ROUTERS + 1 && !r.route().contains("*"))
                        : series.correct(r -> r.stdout().equals(List.of("hello")));
                double median = median(series.millis());
                if (k == 0) floor = median;
                String verdict = k == 0 ? "" : String.format("%.1fx the hello-world JVM", median / floor)
                        + (kind.tool().startsWith("jtrace") ? " (goal <= 3x)" : " (goal <= 10x)")
                        + (Double.isNaN(traceroute) ? "" : String.format(", %.0fx traceroute", median / traceroute));
                rows.add(row(target, kind.tool(), kind.how(), series, correct, verdict));
            }
            // JShell to its first prompt, on a terminal (then /exit).
            List<Kind> shells = List.of(
                    new Kind("jshell", "plain, pty, to the first prompt", lab -> List.of(jdk.resolve("bin/jshell").toString()), false),
                    new Kind("./jbang -i jtrace.jsh", "jtrace's JShell, same", lab -> concat(env, jbang.toString(), "-i", "jtrace.jsh"), false));
            runShell(shells.get(1));  // first run: resolves jtrace.jsh's //DEPS (not timed)
            List<List<Run>> shellRuns = List.of(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < jbangRuns; i++)
                for (int k = 0; k < 2; k++) shellRuns.get(k).add(runShell(shells.get(k)));
            double plain = Double.NaN;
            for (int k = 0; k < 2; k++) {
                List<Run> runs = shellRuns.get(k);
                Series series = new Series(runs.stream().map(Run::millis).filter(ms -> !Double.isNaN(ms)).toList(), runs);
                boolean banner = k == 1;  // jtrace.jsh greets with its functions
                int ok = series.correct(r -> r.exit() == 0 && (!banner || String.join("\n", r.stdout()).contains("trace(\"HOST\")")));
                if (k == 0) plain = median(series.millis());
                rows.add(row("start-up, Java " + version + ": JShell", shells.get(k).tool(), shells.get(k).how(), series, ok,
                        k == 0 ? "" : String.format("%.1fx plain jshell, %.1fx the hello-world JVM", median(series.millis()) / plain,
                                median(series.millis()) / floor)));
            }
        }
    }

    /** One kind of start-up run: its command in a given lab; whether it traces (then it needs a fresh lab). */
    record Kind(String tool, String how, java.util.function.Function<LabNetwork, List<String>> command, boolean traces) {}

    static Run oneRun(Kind kind) throws Exception {
        try (LabNetwork lab = freshLab(Scenario.CHAIN)) {
            return timeProcess(lab, kind.command().apply(lab), 300);
        }
    }

    /**
     * One JShell start, timed to its first prompt: the command runs on a terminal of its own (script(1) gives it a
     * pty, TERM=dumb so that no terminal query waits for an answer), its output is read until "jshell>" shows, then it
     * is told /exit. The run counts only if JShell then exits with 0.
     */
    static Run runShell(Kind kind) throws Exception {
        StringBuilder line = new StringBuilder();
        for (String word : kind.command().apply(null)) line.append(line.length() == 0 ? "" : " ").append(shellQuote(word));
        ProcessBuilder pb = new ProcessBuilder(which("script"), "-qfec", line.toString(), "/dev/null").redirectErrorStream(true);
        pb.environment().put("TERM", "dumb");
        long start = System.nanoTime();
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[8192];
        double ms = Double.NaN;
        var in = p.getInputStream();
        long deadline = start + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            int n = in.available() > 0 ? in.read(buffer) : 0;
            if (n > 0) {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (seen.indexOf("jshell>") >= 0) {
                    ms = (System.nanoTime() - start) / 1e6;
                    break;
                }
            } else if (n < 0 || !p.isAlive() && in.available() == 0) {
                break;
            } else {
                Thread.sleep(1);
            }
        }
        if (p.isAlive()) {
            p.getOutputStream().write("/exit\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        seen.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        int exit = p.exitValue();
        List<String> out = seen.toString().replace("\r", "").lines().toList();
        return new Run(exit == 0 ? ms : Double.NaN, exit, List.of(), null, "", out, Double.isNaN(ms) ? List.of("no jshell> prompt") : List.of());
    }

    /** {@code word} quoted for sh. */
    static String shellQuote(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    static String dest(LabNetwork lab) { return lab.destination().getHostAddress(); }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** "17.0.15", from the JDK's release file. */
    static String javaVersion(Path jdk) {
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? m.group(1) : jdk.toString();
        } catch (IOException e) {
            return jdk.toString();
        }
    }

    static Row row(String target, String tool, String how, Series s, int correct, String verdict) {
        return new Row(target, tool, how, s.millis(), s.runs().size(), correct, verdict);
    }

    // ---------------------------------------------------------------- running

    /** What one run produced: its time, its route ("*" for silent hops), its stop. */
    record Run(double millis, int exit, List<String> route, Stop stop, String stopLine, List<String> stdout, List<String> stderr) {}

    interface Body { Run run(LabNetwork lab) throws Exception; }

    record Series(List<Double> millis, List<Run> runs) {
        /** How many runs are right; prints the wrong ones, whose output is the interesting part. */
        int correct(java.util.function.Predicate<Run> ok) {
            int n = 0;
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                if (ok.test(r)) { n++; continue; }
                System.out.printf("!!! run %d of %d was wrong (%s, exit %d, route %s):%n", i + 1, runs.size(), fmt(r.millis()), r.exit(), r.route());
                r.stdout().forEach(l -> System.out.print(l.endsWith("\n") ? l : l + "\n"));
                r.stderr().forEach(l -> System.out.println("stderr: " + l));
            }
            return n;
        }
    }

    /** {@code n} runs of {@code body}: on a fresh lab each, or on one lab with --spacing seconds between runs. */
    static Series series(Scenario scenario, Body body, int n) throws Exception {
        List<Run> done = new ArrayList<>();
        if (spacing == 0) {
            for (int i = 0; i < n; i++) {
                try (FileChannel lock = labLock(); LabNetwork lab = freshLab(scenario)) {
                    done.add(guarded(lab, body));
                }
            }
        } else {
            try (FileChannel lock = labLock(); LabNetwork lab = freshLab(scenario)) {
                for (int i = 0; i < n; i++) {
                    if (i > 0) Thread.sleep((long) (spacing * 1000));
                    done.add(guarded(lab, body));
                }
            }
        }
        // Failed runs (NaN) are not timed; they count as wrong in the "correct" column.
        return new Series(done.stream().map(Run::millis).filter(ms -> !Double.isNaN(ms)).toList(), done);
    }

    /**
     * The lock the end-to-end tests (test/jtrace/it/LabLock.java) hold while they use a lab: lab names are
     * machine-wide, so the bench and a test run on the same machine would pull each other's labs away. Closing
     * the channel releases it; the kernel drops it if this JVM dies.
     */
    static FileChannel labLock() throws IOException {
        FileChannel channel = FileChannel.open(Path.of("/tmp/jtrace-lab-tests.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.lock();
        return channel;
    }

    /**
     * Runs {@code body}, and says so when another process replaced or removed the lab meanwhile: lab names are
     * per scenario and machine-wide, so a lab test running elsewhere on this machine can pull the lab away.
     */
    static Run guarded(LabNetwork lab, Body body) throws Exception {
        String before = ownerTag(lab);
        Run run = body.run(lab);
        String after = ownerTag(lab);
        if (!after.equals(before))
            System.out.println("warning: the " + lab.scenario() + " lab was replaced or removed by another process during a run"
                    + " (another lab test on this machine?): that run's figures are not comparable");
        return run;
    }

    /** The owner tag the lab's builder put on the client's interface ("jtrace-lab:pid=…:id=…"). */
    static String ownerTag(LabNetwork lab) {
        try {
            Process p = new ProcessBuilder(which("ip"), "-n", lab.client(), "-o", "link", "show", "dev", "to-r1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("jtrace-lab:\\S+").matcher(out);
            return m.find() ? m.group() : "none";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static LabNetwork freshLab(Scenario scenario) throws Exception {
        LabNetwork lab = Lab.up(scenario, ROUTERS);
        warmNeighbours(lab);
        Thread.sleep(300);  // let the kernel finish tearing down the previous lab's namespaces
        return lab;
    }

    /** One ICMP echo to the destination: resolves every link's neighbour without spending an ICMP error token. */
    static void warmNeighbours(LabNetwork lab) throws Exception {
        Options o = Options.defaults();
        lab.inClient(() -> {
            try (ProbeMethod echo = Methods.open(Method.ICMP, lab.destination(), o.probeSettings())) {
                echo.send(64, 0);
                return echo.receive(echo.now() + 200_000_000L);  // null for the blackhole: fine
            }
        });
    }

    /** jtrace in this JVM: open the method, scan, close — inside the lab's client namespace. A failure is a wrong run. */
    static Run timeJtrace(LabNetwork lab, Options o) throws Exception {
        try {
            return lab.inClient(() -> {
                long start = System.nanoTime();
                Trace t;
                try (ProbeMethod m = Methods.open(o.method(), lab.destination(), o.probeSettings())) {
                    t = new RouteScanner(m, o).scan(lab.destination());
                }
                double ms = (System.nanoTime() - start) / 1e6;
                return new Run(ms, 0, text(t.route()), t.stop(), t.stopLine(), List.of(t.text()), List.of());
            });
        } catch (IOException | RuntimeException e) {
            return new Run(Double.NaN, 1, List.of(), null, "", List.of(), List.of(e.toString()));
        }
    }

    static Run timeJtrace(Scenario scenario, Options o, Void unused) throws Exception {
        try (FileChannel lock = labLock(); LabNetwork lab = Lab.up(scenario, ROUTERS)) {
            return timeJtrace(lab, o);
        }
    }

    static Run timeProcess(LabNetwork lab, List<String> command, int timeoutSeconds) throws Exception {
        Run r;
        try {
            r = runProcess(lab, command, timeoutSeconds);
        } catch (IOException e) {
            return new Run(Double.NaN, -1, List.of(), null, "", List.of(), List.of(e.toString()));
        }
        if (r.exit == 0) return r;
        System.out.println("warning: " + String.join(" ", command) + " exited " + r.exit + ": " + String.join(" | ", r.stderr)
                + " (not timed)");
        return new Run(Double.NaN, r.exit, r.route, r.stop, r.stopLine, r.stdout, r.stderr);
    }

    /** {@code ip netns exec <client> command…}, timed from start to exit. */
    static Run runProcess(LabNetwork lab, List<String> command, int timeoutSeconds) throws Exception {
        List<String> full = new ArrayList<>(List.of(which("ip"), "netns", "exec", lab.client()));
        full.addAll(command);
        Path out = Files.createTempFile("bench-out", ".txt"), err = Files.createTempFile("bench-err", ".txt");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            double ms = (System.nanoTime() - start) / 1e6;
            List<String> stdout = Files.readAllLines(out, StandardCharsets.UTF_8), stderr = Files.readAllLines(err, StandardCharsets.UTF_8);
            return new Run(ms, p.exitValue(), parseRoute(stdout), null, "", stdout, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(.*)$");
    private static final Pattern ADDRESS = Pattern.compile("\\(?(\\d{1,3}(?:\\.\\d{1,3}){3})\\)?");

    /** traceroute-shaped text → the first address of each hop, "*" for a silent one. */
    static List<String> parseRoute(List<String> lines) {
        List<String> route = new ArrayList<>();
        for (String line : lines) {
            Matcher m = HOP.matcher(line);
            if (line.startsWith("traceroute to") || !m.matches()) continue;
            String first = "*";
            for (String token : m.group(2).trim().split("\\s+")) {
                Matcher a = ADDRESS.matcher(token);
                if (a.matches()) { first = a.group(1); break; }
            }
            route.add(first);
        }
        return route;
    }

    static List<String> text(List<InetAddress> route) {
        return route.stream().map(a -> a == null ? "*" : a.getHostAddress()).toList();
    }

    // ---------------------------------------------------------------- output

    static void printTable() {
        System.out.println();
        String format = "%-38s %-22s %-34s %4s %10s %10s %10s  %-7s %s%n";
        System.out.printf(format, "target", "tool", "how", "runs", "median", "min", "max", "correct", "verdict");
        System.out.println("-".repeat(150));
        String last = "";
        for (Row r : rows) {
            boolean timed = !r.millis().isEmpty();
            System.out.printf(format, r.target().equals(last) ? "" : r.target(), r.tool(), r.how(),
                    timed ? String.valueOf(r.millis().size()) : "-",
                    timed ? fmt(median(r.millis())) : "n/a", timed ? fmt(min(r.millis())) : "n/a", timed ? fmt(max(r.millis())) : "n/a",
                    r.runs() > 0 ? r.correct() + "/" + r.runs() : "-", r.verdict());
            last = r.target();
        }
        System.out.println();
        System.out.println("Times are wall-clock: jtrace in-process = open the probe socket, trace, close (after " + warmups
                + " warm-up traces); processes = fork to exit, `ip netns exec` included. 'correct' = runs whose hops all");
        System.out.println("match the lab's route (blackhole, jtrace: runs that stopped at the gap limit; traceroute: all 30 hops listed).");
    }

    static String ratio(double jtrace, double other) {
        if (Double.isNaN(jtrace) || Double.isNaN(other)) return "n/a";
        return jtrace <= other ? String.format("jtrace %.1fx faster (median)", other / jtrace)
                : String.format("jtrace %.1fx slower (median)", jtrace / other);
    }

    static String fmt(double ms) {
        if (Double.isNaN(ms)) return "n/a";
        return ms >= 1000 ? String.format("%.2f s", ms / 1000) : ms >= 100 ? String.format("%.0f ms", ms) : String.format("%.1f ms", ms);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        double[] s = xs.stream().mapToDouble(d -> d).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(List<Double> xs) { return xs.stream().mapToDouble(d -> d).min().orElse(Double.NaN); }

    static double max(List<Double> xs) { return xs.stream().mapToDouble(d -> d).max().orElse(Double.NaN); }

    static String shorten(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }

    // ---------------------------------------------------------------- environment

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static String which(String tool) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
    }

    static String describeMachine(String traceroute) {
        String kernel = firstLine(() -> read("/proc/sys/kernel/osrelease"));
        String cpu = firstLine(() -> {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.replaceFirst("^model name\\s*:\\s*", "")).orElse("?");
            } catch (IOException e) {
                return "?";
            }
        });
        String trVersion = "not installed";
        if (traceroute != null) {
            try {
                Process p = new ProcessBuilder(traceroute, "--version").redirectErrorStream(true).start();
                trVersion = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?")
                        .replace("Modern traceroute for Linux, version ", "traceroute ");
                p.waitFor();
            } catch (Exception e) {
                trVersion = "?";
            }
        }
        return "Linux " + kernel + ", " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), Java "
                + System.getProperty("java.version") + ", " + trVersion + "; lab chains of " + ROUTERS + " routers (7 hops)";
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    static String firstLine(Supplier<String> s) { return s.get().lines().findFirst().orElse("?"); }
}
