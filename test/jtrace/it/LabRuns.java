package jtrace.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;

/**
 * What the end-to-end tests share: the root check, a trace inside a lab's client namespace, the route a
 * correct trace shows, and a copy of the class path an unprivileged user can read.
 *
 * <p>Rate limiting: Linux routers answer about 6 ICMP errors in a burst per destination, then one per
 * second, per namespace. Every test here builds its own lab ({@code Lab.up} replaces any lab of the same
 * scenario), so each trace starts with full token buckets and its result is deterministic — no retries.
 */
final class LabRuns {
    private LabRuns() {}

    /** Skips the calling test class, with the reason printed, unless it runs as root with iproute2. */
    static void assumeLabAvailable() {
        boolean root = isRoot();
        if (!root) System.out.println("[jtrace.it] skipped: the lab tests need root (run mvn test with sudo)");
        assumeTrue(root, "skipped: the lab tests need root (run mvn test with sudo)");
        boolean ip = which("ip") != null;
        if (!ip) System.out.println("[jtrace.it] skipped: the lab tests need iproute2 (ip)");
        assumeTrue(ip, "skipped: the lab tests need iproute2 (ip)");
    }

    static boolean isRoot() { return jtrace.support.Host.isRoot(); }

    static String which(String tool) { return jtrace.support.Host.which(tool); }

    /**
     * The owner tag the lab's builder put on the client's interface. Lab names are per scenario and machine-wide,
     * so a concurrent test run (another {@code mvn test} on the same machine) that builds the same scenario replaces
     * our lab mid-test; comparing the tag before and after a trace tells that apart from a real failure.
     */
    static String ownerTag(LabNetwork lab) {
        try {
            Process p = new ProcessBuilder(which("ip"), "-n", lab.client(), "-o", "link", "show", "dev", "to-r1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("jtrace-lab:\\S+").matcher(out);
            return m.find() ? m.group() : "(no lab: " + out.strip() + ")";
        } catch (IOException | InterruptedException e) {
            return "(cannot read: " + e + ")";
        }
    }

    /** Fails with a clear message when the lab is no longer the one this test built (see {@link #ownerTag}). */
    static void assertStillOurs(LabNetwork lab, String tagBefore) {
        if (!ownerTag(lab).equals(tagBefore)) throw replacedError(lab, tagBefore);
    }

    private static AssertionError replacedError(LabNetwork lab, String tagBefore) {
        return new AssertionError("the " + lab.scenario() + " lab was replaced or removed by another process during this test ("
                + tagBefore + " -> " + ownerTag(lab) + "): another lab test run on this machine? Run one suite at a time.");
    }

    /**
     * Runs {@code body} and checks the lab is still the one this test built; if it is not, that is the failure
     * reported (with what {@code body} threw, if anything, as the cause), not a confusing symptom of it.
     */
    static <T> T guarded(LabNetwork lab, Callable<T> body) throws Exception {
        String owner = ownerTag(lab);
        T result;
        try {
            result = body.call();
        } catch (Exception | AssertionError e) {
            if (!ownerTag(lab).equals(owner)) {
                AssertionError replaced = replacedError(lab, owner);
                replaced.initCause(e);
                throw replaced;
            }
            throw e;
        }
        assertStillOurs(lab, owner);
        return result;
    }

    /** {@link LabNetwork#inClient}, {@link #guarded}. */
    static <T> T inClient(LabNetwork lab, Callable<T> body) throws Exception {
        return guarded(lab, () -> lab.inClient(body));
    }

    /** traceroute's defaults, numeric. */
    static Options options(Method method) {
        return Options.defaults().method(method).numeric(true);
    }

    /** One trace of the lab's destination from inside its client namespace, in this JVM. */
    static Trace trace(LabNetwork lab, Options o) throws Exception {
        return inClient(lab, () -> {
            try (ProbeMethod method = Methods.open(o.method(), lab.destination(), o.probeSettings())) {
                return new RouteScanner(method, o).scan(lab.destination());
            }
        });
    }

    /**
     * The scenarios with one route (all but the ECMP diamonds), where a trace has one exact answer; the NAT
     * among them, since a masquerading router is invisible to a trace.
     */
    static java.util.stream.Stream<Scenario> singlePath() {
        return java.util.stream.Stream.of(Scenario.values()).filter(s -> !s.multipath());
    }

    /**
     * The route a correct trace with these options shows: {@code expectedHops()}, and for BLACKHOLE and FIREWALL (whose
     * destination never answers) the silent destination hop followed by silent hops up to the gap limit — but TCP
     * passes FIREWALL's filter and reaches its destination.
     */
    static List<InetAddress> expectedRoute(LabNetwork lab, Options o) {
        List<InetAddress> route = new ArrayList<>(lab.expectedHops());
        if (tcpPassesTheFirewall(lab, o)) route.set(route.size() - 1, lab.destination());
        else if (lab.scenario().destinationSilent()) route.addAll(Collections.nCopies(o.gap() - 1, null));
        return route;
    }

    /** A TCP trace of the FIREWALL lab: the firewall lets it in, so the trace looks like the chain's. */
    static boolean tcpPassesTheFirewall(LabNetwork lab, Options o) {
        return o.method() == Method.TCP && lab.scenario() == Scenario.FIREWALL;
    }

    /** Addresses as text, "*" for a silent hop: readable failure messages. */
    static List<String> text(List<InetAddress> route) {
        return route.stream().map(a -> a == null ? "*" : a.getHostAddress()).toList();
    }

    /** /proc/net/snmp inside {@code namespace}: "Ip.InHdrErrors", "Udp.NoPorts", … → value. */
    /**
     * Waits, by the kernel's own count, until {@code counter} of {@code namespace} has grown by {@code expected} since
     * {@code before}: probes still in flight when a trace returns have landed. Reads /proc/net/snmp again and again;
     * gives up after {@value #COUNTER_READS} reads (a lost packet), and the caller's assertion then says what is missing.
     */
    static Map<String, Long> awaitCounter(String namespace, String counter, long before, long expected) {
        Map<String, Long> now = snmp(namespace);
        for (int i = 0; i < COUNTER_READS && now.getOrDefault(counter, 0L) - before < expected; i++) now = snmp(namespace);
        return now;
    }

    static final int COUNTER_READS = 500;

    static Map<String, Long> snmp(String namespace) {
        try {
            Process p = new ProcessBuilder(which("ip"), "netns", "exec", namespace, "cat", "/proc/net/snmp").start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            if (p.waitFor() != 0) throw new IOException("ip netns exec " + namespace + " cat /proc/net/snmp: exit " + p.exitValue());
            Map<String, Long> values = new HashMap<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).split("\\s+"), numbers = lines.get(i + 1).split("\\s+");
                String group = names[0].replace(":", "");
                for (int j = 1; j < names.length && j < numbers.length; j++) values.put(group + "." + names[j], Long.parseLong(numbers[j]));
            }
            return values;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot read the counters of " + namespace + ": " + e, e);
        }
    }

    /**
     * The test class path copied into a world-readable temporary directory: an unprivileged user cannot read
     * root's ~/.m2 (mode 700). Surefire hides the real class path behind a manifest jar; it is in
     * surefire.test.class.path.
     */
    static final class ReadableClassPath implements AutoCloseable {
        final Path dir;
        final String classPath;

        ReadableClassPath() throws IOException {
            dir = Files.createTempDirectory("jtrace-it-cp-");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : cp.split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (entry.isEmpty() || !Files.exists(from)) continue;
                Path to = dir.resolve(String.format("%03d-%s", i++, from.getFileName()));
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(from.relativize(f).toString()));
                }
                entries.add(to.toString());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.forEach(f -> {
                    f.toFile().setReadable(true, false);
                    if (Files.isDirectory(f)) f.toFile().setExecutable(true, false);
                });
            }
            classPath = String.join(File.pathSeparator, entries);
        }

        /** {@code java --enable-native-access=ALL-UNNAMED -cp <copy> jtrace.cli.Main args…}. */
        List<String> jtrace(String... args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "jtrace.cli.Main"));
            command.addAll(List.of(args));
            return command;
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
