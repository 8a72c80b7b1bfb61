import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;

/**
 * Many targets (bench/run-targets): 100 addresses behind one 6-router lab path, traced by jtrace in one process
 * (--targets, concurrent, stop sets), by 100 sequential traceroute runs, and by scamper with the same target list
 * and the same probe budget (-p 500). Every tool gets a freshly built lab (full ICMP token buckets). Reported: wall
 * time, traces whose every hop is the lab's router (and the last the target), and time-exceeded sent by router 1
 * (its /proc/net/snmp counter). The 100 addresses stand for 100 hosts: the destination namespace's own ICMP rate
 * limit is off (each real host would have its own budget); the routers keep Linux's defaults.
 */
public class Targets {
    static final int ROUTERS = 6, TARGETS = 100;
    static final long CAP_SECONDS = 120;

    record Result(String tool, String how, double seconds, int exact, int traces, long router1, String note) {}

    public static void main(String[] args) throws Exception {
        // The lab tests' lock (a Java file lock, as test/jtrace/it/LabLock takes it: flock(1)'s is another kind).
        var channel = java.nio.channels.FileChannel.open(Path.of("/tmp/jtrace-lab-tests.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        channel.lock();
        String cp = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("jtrace-bench-targets-");
        Path list = dir.resolve("targets.txt");

        // One trace, whole process: the unit of "3x one trace's time".
        double one;
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            List<String> targets = addTargets(lab);
            settle(lab, targets.subList(0, 1));
            long t0 = System.nanoTime();
            Out out = run(lab, List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, "jtrace.cli.Main", "-n", "--json", targets.get(0)));
            one = (System.nanoTime() - t0) / 1e9;
            int exact = countExactJson(out.stdout, lab, targets.subList(0, 1));
            results.add(new Result("jtrace", "one target, new JVM", one, exact, 1, 0, ""));
        }
        // 100 targets, one jtrace process.
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            List<String> targets = addTargets(lab);
            Files.writeString(list, String.join("\n", targets) + "\n");
            settle(lab, targets);
            long before = timeExceeded(lab);
            long t0 = System.nanoTime();
            Out out = run(lab, List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, "jtrace.cli.Main", "-n", "--json", "--targets", list.toString()));
            double s = (System.nanoTime() - t0) / 1e9;
            results.add(new Result("jtrace", "--targets, new JVM, --pps 500", s, countExactJson(out.stdout, lab, targets), TARGETS,
                    timeExceeded(lab) - before, String.format(Locale.ROOT, "%.2fx one trace", s / one)));
        }
        // 100 sequential traceroute runs.
        String traceroute = which("traceroute");
        if (traceroute != null) try (LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            List<String> targets = addTargets(lab);
            settle(lab, targets);
            long before = timeExceeded(lab);
            long t0 = System.nanoTime();
            int exact = 0, done = 0;
            for (String t : targets) {
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(CAP_SECONDS)) break;
                Out out = run(lab, List.of(traceroute, "-n", t));
                done++;
                if (tracerouteRoute(out.stdout).equals(expected(lab, t))) exact++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            results.add(new Result("traceroute -n", "100 runs one after another", s, exact, done, timeExceeded(lab) - before,
                    done < TARGETS ? "stopped at the " + CAP_SECONDS + " s cap" : ""));
        }
        // scamper with the target list.
        String scamper = which("scamper");
        if (scamper != null) try (LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            List<String> targets = addTargets(lab);
            Files.writeString(list, String.join("\n", targets) + "\n");
            settle(lab, targets);
            long before = timeExceeded(lab);
            long t0 = System.nanoTime();
            Out out = run(lab, List.of("timeout", String.valueOf(CAP_SECONDS), scamper, "-O", "json", "-p", "500", "-c", "trace", "-f", list.toString()));
            double s = (System.nanoTime() - t0) / 1e9;
            results.add(new Result("scamper", "-p 500 -c trace -f LIST", s, countExactScamper(out.stdout, lab, targets), TARGETS,
                    timeExceeded(lab) - before, out.status == 124 ? "stopped at the " + CAP_SECONDS + " s cap" : ""));
        }

        System.out.printf("%d targets behind one path of %d Linux routers (lab), %s%n%n", TARGETS, ROUTERS, machine());
        System.out.printf("%-14s %-32s %9s %8s %13s  %s%n", "tool", "how", "time", "exact", "r1 TimeExcds", "note");
        for (Result r : results)
            System.out.printf(Locale.ROOT, "%-14s %-32s %8.2fs %4d/%-3d %13s  %s%n", r.tool, r.how, r.seconds, r.exact, r.traces,
                    r.traces == 1 ? "" : String.valueOf(r.router1), r.note);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
    }

    record Out(int status, List<String> stdout) {}

    static Out run(LabNetwork lab, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of(which("ip"), "netns", "exec", lab.client()));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return new Out(p.waitFor(), out);
    }

    /** 100 addresses on the destination's link, and its own ICMP rate limit off (100 hosts, 100 budgets). */
    static List<String> addTargets(LabNetwork lab) throws Exception {
        String dest = lab.destination().getHostAddress();
        String ns = lab.topology().destinationNamespace();
        String prefix = dest.substring(0, dest.lastIndexOf('.') + 1);
        String dev = null;
        for (String line : sh(which("ip"), "-n", ns, "-o", "-4", "addr", "show")) if (line.contains(" " + dest + "/")) dev = line.split("\\s+")[1];
        StringBuilder batch = new StringBuilder();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            targets.add(prefix + (10 + i));
            batch.append("addr add ").append(prefix).append(10 + i).append("/24 dev ").append(dev).append('\n');
        }
        Path f = Files.createTempFile("jtrace-bench-", ".batch");
        Files.writeString(f, batch.toString());
        sh(which("ip"), "-n", ns, "-batch", f.toString());
        Files.delete(f);
        sh(which("ip"), "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");
        return targets;
    }

    /** Neighbour entries for every target on router 6 (one echo each: echo replies are not rate-limited), then a pause. */
    static void settle(LabNetwork lab, List<String> targets) throws Exception {
        for (String t : targets) run(lab, List.of("ping", "-c", "1", "-W", "1", "-q", t));
        Thread.sleep(1200);  // and the routers' buckets full again
    }

    static long timeExceeded(LabNetwork lab) throws Exception {
        List<String> lines = sh(which("ip"), "netns", "exec", lab.topology().routerNamespace(1), "cat", "/proc/net/snmp");
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!lines.get(i).startsWith("Icmp:")) continue;
            String[] names = lines.get(i).split("\\s+"), values = lines.get(i + 1).split("\\s+");
            for (int j = 0; j < names.length; j++) if (names[j].equals("OutTimeExcds")) return Long.parseLong(values[j]);
        }
        return -1;
    }

    static List<String> expected(LabNetwork lab, String target) {
        List<String> r = new ArrayList<>();
        for (InetAddress a : lab.expectedHops().subList(0, ROUTERS)) r.add(a.getHostAddress());
        r.add(target);
        return r;
    }

    static int countExactJson(List<String> lines, LabNetwork lab, List<String> targets) {
        int exact = 0;
        Pattern dst = Pattern.compile("\"dst_addr\": \"([^\"]+)\"");
        for (String line : String.join("\n", lines).split("\n(?=\\{)")) {
            Matcher m = dst.matcher(line);
            if (!m.find() || !targets.contains(m.group(1))) continue;
            List<String> route = new ArrayList<>();
            for (String hop : line.split("\\{\"hop\": ")) {
                if (!hop.matches("(?s)\\d+.*")) continue;
                Matcher from = Pattern.compile("\"from\": \"([^\"]+)\"").matcher(hop);
                route.add(from.find() ? from.group(1) : "*");
            }
            if (route.equals(expected(lab, m.group(1)))) exact++;
        }
        return exact;
    }

    static int countExactScamper(List<String> lines, LabNetwork lab, List<String> targets) {
        int exact = 0;
        for (String line : lines) {
            Matcher dst = Pattern.compile("\"dst\":\"([^\"]+)\"").matcher(line);
            if (!line.contains("\"type\":\"trace\"") || !dst.find() || !targets.contains(dst.group(1))) continue;
            Map<Integer, String> byTtl = new HashMap<>();
            Matcher hop = Pattern.compile("\\{\"addr\":\"([^\"]+)\",[^{}]*?\"probe_ttl\":(\\d+)").matcher(line);
            while (hop.find()) byTtl.putIfAbsent(Integer.parseInt(hop.group(2)), hop.group(1));
            List<String> route = new ArrayList<>();
            for (int t = 1; t <= ROUTERS + 1; t++) route.add(byTtl.getOrDefault(t, "*"));
            if (route.equals(expected(lab, dst.group(1)))) exact++;
        }
        return exact;
    }

    static List<String> tracerouteRoute(List<String> out) {
        List<String> route = new ArrayList<>();
        for (String line : out.subList(Math.min(1, out.size()), out.size())) {
            Matcher m = Pattern.compile("^\\s*\\d+\\s+(\\S+)").matcher(line);
            if (m.find()) route.add(m.group(1));
        }
        return route;
    }

    static List<String> sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + ": " + out);
        return out;
    }

    static String which(String tool) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":"))
            if (Files.isExecutable(Path.of(d, tool))) return Path.of(d, tool).toString();
        return null;
    }

    static String machine() {
        return "Linux " + System.getProperty("os.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version");
    }
}
