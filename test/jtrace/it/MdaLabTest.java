package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jtrace.Hop;
import jtrace.probe.Method;
import jtrace.Multipath;
import jtrace.MultipathScanner;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.probe.FlowMethod;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On the lab's real load-balanced diamonds: MDA finds every router of every hop and nothing else, in both
 * families, with UDP and ICMP; a Paris trace (the default) never mixes two routers into one hop.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class MdaLabTest {
    /**
     * The default, 95%: one scan in 32 misses a branch of a two-way diamond (its first six flows all hash alike),
     * which is what 95% means. Higher confidences need more answers than a Linux router's burst of 6 and wait for
     * refills. So completeness is checked on up to three independent scans (fresh labs, fresh source ports): all
     * three miss one time in 30000.
     */
    private static final StoppingRule RULE = StoppingRule.DEFAULT;

    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    @ParameterizedTest(name = "{0} over IPv{1}")
    @CsvSource({"ECMP, 4", "ECMP, 6", "WIDE, 4", "WIDE, 6"})
    void mdaFindsEveryRouterOfEveryHop(Scenario scenario, int family) throws Exception {
        Set<InetAddress> found = new java.util.HashSet<>();
        for (int scan = 1; scan <= 3; scan++) {
            try (LabNetwork lab = Lab.up(scenario)) {
                InetAddress target = lab.destination(family);
                Options o = Options.defaults().withFamilyPacketSize(target);
                Multipath m = LabRuns.inClient(lab, () -> {
                    try (FlowMethod udp = (FlowMethod) Methods.open(Method.UDP, target, o.probeSettings())) {
                        return new MultipathScanner(udp, o, RULE).scan(target);
                    }
                });
                System.out.printf("== %s IPv%d, scan %d%n%s", scenario, family, scan, m);
                assertThat(m.reached()).isTrue();
                List<Set<InetAddress>> expected = lab.expectedHopSets(family);
                assertThat(m.hops()).hasSize(expected.size());
                for (Multipath.Level hop : m.hops()) {
                    Set<InetAddress> here = addresses(hop);
                    if (hop.ttl() == 2) assertThat(here).as("hop 2").isNotEmpty().isSubsetOf(expected.get(1));
                    else assertThat(here).as("hop %d", hop.ttl()).isEqualTo(expected.get(hop.ttl() - 1));
                }
                // Every router of the diamond it found is linked from router 1 and to router 3.
                for (InetAddress branch : addresses(m.hop(2))) {
                    assertThat(m.links()).anyMatch(l -> l.ttl() == 2 && l.to().equals(branch));
                    assertThat(m.links()).anyMatch(l -> l.ttl() == 3 && l.from().equals(branch));
                }
                assertThat(m.nanos()).as("a fresh lab's routers never run dry: no refill waited for").isLessThan(1_000_000_000L);
                found.addAll(addresses(m.hop(2)));
                if (found.equals(expected.get(1))) return;
            }
        }
        assertThat(found).as("routers at hop 2 over three scans").hasSize(scenario.width());
    }

    @Test
    void mdaOverIcmpFindsTheRoutersToo() throws Exception {
        // Linux hashes no ICMP field into its multipath choice: ICMP flows all take one branch, which MDA reports.
        try (LabNetwork lab = Lab.up(Scenario.ECMP)) {
            Options o = Options.defaults().method(Method.ICMP);
            Multipath m = LabRuns.inClient(lab, () -> {
                try (FlowMethod icmp = (FlowMethod) Methods.open(Method.ICMP, lab.destination(), o.probeSettings())) {
                    return new MultipathScanner(icmp, o, RULE).scan(lab.destination());
                }
            });
            System.out.print(m);
            assertThat(m.reached()).isTrue();
            assertThat(addresses(m.hop(2))).isNotEmpty().isSubsetOf(lab.expectedHopSets(4).get(1));
        }
    }

    /**
     * Right after another tool's probes emptied both diamond routers' buckets (20 classic probes at hop 2, as
     * scamper's or traceroute's would), MDA still finds both: flows that went unanswered are sent again after the
     * routers' refill instead of the hop concluding "one branch". (At 95% the rule itself misses a branch in 1 scan
     * of 32: up to three drained scans.)
     */
    @Test
    void mdaFindsBothBranchesRightAfterAnotherToolDrainedThem() throws Exception {
        for (int scan = 1; scan <= 3; scan++) {
            try (LabNetwork lab = Lab.up(Scenario.ECMP)) {
                Multipath m = LabRuns.inClient(lab, () -> {
                    Options drain = Options.defaults().classic().firstTtl(2).maxTtl(2).queries(10);
                    try (ProbeMethod udp = Methods.open(Method.UDP, lab.destination(), drain.probeSettings())) {
                        for (int twice = 0; twice < 2; twice++) new RouteScanner(udp, drain).scan(lab.destination());
                    }
                    Options o = Options.defaults();
                    try (FlowMethod udp = (FlowMethod) Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                        return new MultipathScanner(udp, o, RULE).scan(lab.destination());
                    }
                });
                System.out.printf("== drained, scan %d%n%s%s%n", scan, m, m.json());
                assertThat(m.reached()).isTrue();
                assertThat(m.hop(2).phases()).as("hop 2 waited for its routers' refill").containsAnyOf(
                        Map.entry(MdaPlanner.Phase.RETRY, m.hop(2).phases().getOrDefault(MdaPlanner.Phase.RETRY, -1)),
                        Map.entry(MdaPlanner.Phase.RECHECK, m.hop(2).phases().getOrDefault(MdaPlanner.Phase.RECHECK, -1)));
                assertThat(m.nanos()).as("a refill at least").isGreaterThanOrEqualTo(1_000_000_000L);
                if (addresses(m.hop(2)).equals(lab.expectedHopSets(4).get(1))) return;
            }
        }
        throw new AssertionError("three scans right after a drain all missed a branch of the diamond");
    }

    /** Paris: each flow keeps to one router per hop; flows are added until both routers of the diamond appear. */
    @Test
    void aParisTraceNeverMixesBranches() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.ECMP)) {
            Set<InetAddress> seenAtTwo = new java.util.HashSet<>();
            Set<InetAddress> both = lab.expectedHopSets(4).get(1);
            // The hash also covers our source port, which the kernel picks: keep adding flows until both branches
            // showed (32 flows all on one branch: 1 in 2^31).
            for (int flow = 0; flow < 32 && !seenAtTwo.equals(both); flow++) {
                Options o = Options.defaults().flow(flow).queries(2);
                Trace t = LabRuns.inClient(lab, () -> {
                    try (ProbeMethod udp = Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                        return new RouteScanner(udp, o).scan(lab.destination());
                    }
                });
                System.out.printf("== flow %d%n%s", flow, t.text());
                for (Hop hop : t.hops()) assertThat(hop.addresses()).as("flow %d hop %d", flow, hop.ttl()).hasSizeLessThanOrEqualTo(1);
                seenAtTwo.addAll(t.hop(2).addresses());
            }
            assertThat(seenAtTwo).as("flows over two branches").isEqualTo(both);
        }
    }

    private static Set<InetAddress> addresses(Multipath.Level hop) {
        return hop.interfaces().stream().map(Multipath.Interface::address).collect(Collectors.toSet());
    }

    /**
     * {@code --mda --save-probes} from the command line: the hop waits for refills instead of losing flows to a
     * router whose burst ran out, so the scan costs exactly the rule's price for what it found — on ecmp (hop 1, the
     * diamond, three single hops, the destination) 1 + 11 + 3 x 6 + 1 with both branches, 1 + 6 + 3 x 6 + 1 with one.
     */
    @Test
    void saveProbesCostsExactlyTheRulesPriceFromTheCommandLine() {
        CliOutputTest.Run run = CliOutputTest.jtrace("lab", "trace", "ecmp", "--mda", "--save-probes", "-n");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("MDA at 95% confidence per hop, waiting for refills");
        String hop2 = run.out().lines().filter(l -> l.matches("\\s*2\\s.*")).findFirst().orElseThrow();
        long routers = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+").matcher(hop2).results().count();
        java.util.regex.Matcher probes = java.util.regex.Pattern.compile("(\\d+) probes, ").matcher(run.out());
        assertThat(probes.find()).as(run.out()).isTrue();
        assertThat(routers).as(hop2).isBetween(1L, 2L);
        assertThat(Integer.parseInt(probes.group(1))).as(run.out()).isEqualTo(routers == 2 ? 31 : 26);
    }
}
