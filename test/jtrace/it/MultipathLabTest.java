package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jtrace.lab.InNamespace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.lab.Topology;
import jtrace.packet.AddressText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multipath labs really balance, and the NAT lab really translates: proved with the routers' own kernel
 * counters (forwarded datagrams per branch, the masquerade rule's packet count), not with a tracer's opinion.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class MultipathLabTest {
    private static final int DATAGRAMS = 64;

    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    /**
     * 64 datagrams to 64 destination ports spread over every branch (the chance that a fixed branch gets none
     * is (3/4)^64 for the widest diamond), while 64 datagrams of one flow all take the same branch: the
     * property Paris traceroute relies on.
     */
    @ParameterizedTest(name = "{0} over IPv{1}")
    @CsvSource({"ECMP, 4", "ECMP, 6", "WIDE, 4", "WIDE, 6"})
    void varyingPortsCrossEveryBranchAndOneFlowCrossesOne(Scenario scenario, int family) throws Exception {
        try (LabNetwork lab = Lab.up(scenario, 3)) {
            Topology t = lab.topology();
            InetAddress destination = lab.destination(family);
            // The destination's port-unreachables would come back through branch a and be counted: silence it.
            run("ip", "-" + family, "-n", t.destinationNamespace(), "rule", "add", "pref", "100", "iif", "lo", "blackhole");

            Map<String, Long> before = forwarded(t, family);
            send(lab, destination, true);
            Map<String, Long> spread = delta(before, forwarded(t, family));
            System.out.printf("%s IPv%d, %d ports: %s%n", scenario, family, DATAGRAMS, spread);
            assertThat(spread.values()).as("forwarded by each branch").allMatch(n -> n > 0);
            assertThat(spread.values().stream().mapToLong(Long::longValue).sum()).as("forwarded in all").isEqualTo(DATAGRAMS);

            before = forwarded(t, family);
            send(lab, destination, false);
            Map<String, Long> oneFlow = delta(before, forwarded(t, family));
            System.out.printf("%s IPv%d, one flow: %s%n", scenario, family, oneFlow);
            assertThat(oneFlow.values()).as("one flow, one branch").containsOnlyOnce((long) DATAGRAMS)
                    .filteredOn(n -> n != DATAGRAMS).containsOnly(0L);
        }
    }

    /**
     * Debian's traceroute (classic: one port per probe) shows both routers of the diamond at hop 2 and nobody
     * else there. Its source ports are random, so ten probes may all hash alike (1 in 512): up to three runs.
     */
    @Test
    void classicTracerouteMixesBothBranchesIntoHopTwo() {
        assumeTrue(LabRuns.which("traceroute") != null, "skipped: traceroute is not installed");
        try (LabNetwork lab = Lab.up(Scenario.ECMP, 3)) {
            Set<String> branches = new HashSet<>(lab.topology().routersAt(2).stream().map(AddressText::of).toList());
            Set<String> seen = new HashSet<>();
            for (int run = 0; run < 3 && !seen.containsAll(branches); run++) {
                List<String> lines = lab.exec("traceroute", "-n", "-f", "2", "-m", "2", "-q", "10", "-w", "1",
                        lab.destination().getHostAddress());
                System.out.println(String.join("\n", lines));
                Matcher m = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+").matcher(lines.get(lines.size() - 1));
                while (m.find()) seen.add(m.group());
            }
            assertThat(seen).as("addresses at hop 2").isEqualTo(branches);
        }
    }

    /**
     * Router 2 masquerades: a trace to the end still shows every router (it undoes the translation for their
     * errors), and the masquerade rule counted the probes it rewrote, in both families.
     */
    @Test
    void theNatRouterRewritesWhatCrossesIt() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.NAT, 4)) {
            for (int family : new int[] {4, 6}) {
                List<String> lines = lab.exec("traceroute", "-" + family, "-n", "-q", "1", "-N", "1", "-w", "1",
                        lab.destination(family).getHostAddress());
                System.out.println(String.join("\n", lines));
                List<String> hops = lines.stream().skip(1).map(l -> l.trim().split("\\s+")[1]).toList();
                assertThat(hops).as("traceroute -%d through the NAT", family)
                        .isEqualTo(lab.expectedHops(family).stream().map(AddressText::of).toList());
            }
            String rules = String.join("\n", run("ip", "netns", "exec", lab.topology().routerNamespace(2),
                    LabRuns.which("nft"), "list", "table", "inet", "jtrace-nat"));
            Matcher counted = Pattern.compile("counter packets (\\d+)").matcher(rules);
            assertThat(counted.find()).as(rules).isTrue();
            // Each family's trace: 4 routers ahead of the NAT's outside plus the destination, at least one flow each.
            assertThat(Long.parseLong(counted.group(1))).as("flows masqueraded").isGreaterThanOrEqualTo(2);
        }
    }

    /** Sends {@value #DATAGRAMS} datagrams from the client, to as many ports or all to one. */
    private static void send(LabNetwork lab, InetAddress destination, boolean varyPorts) throws Exception {
        lab.inClient(() -> {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(40_000))) {
                byte[] data = "jtrace ecmp".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < DATAGRAMS; i++) {
                    socket.send(new DatagramPacket(data, data.length, destination, varyPorts ? 50_000 + i : 50_000));
                }
            }
            return null;
        });
    }

    /** Each diamond router's count of forwarded datagrams of this family (its own /proc/net view). */
    private static Map<String, Long> forwarded(Topology t, int family) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int b = 0; b < t.width(Topology.DIAMOND_HOP); b++) {
            String ns = t.routerNamespace(Topology.DIAMOND_HOP, b);
            counts.put(ns, InNamespace.call(ns, () -> family == 6 ? snmp6("Ip6OutForwDatagrams") : snmp("ForwDatagrams")));
        }
        return counts;
    }

    private static long snmp(String field) throws IOException {
        List<String> ip = Files.readAllLines(Path.of("/proc/thread-self/net/snmp")).stream().filter(l -> l.startsWith("Ip:")).toList();
        List<String> names = List.of(ip.get(0).split("\\s+")), values = List.of(ip.get(1).split("\\s+"));
        return Long.parseLong(values.get(names.indexOf(field)));
    }

    private static long snmp6(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/net/snmp6")).stream().map(l -> l.split("\\s+"))
                .filter(f -> f[0].equals(field)).mapToLong(f -> Long.parseLong(f[1])).findFirst().orElseThrow();
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.get(k)));
        return d;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(command));
        full.set(0, LabRuns.which(command[0]));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        return out;
    }
}
