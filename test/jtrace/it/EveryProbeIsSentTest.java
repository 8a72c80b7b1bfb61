package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.result.Stop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every probe the trace shows was sent, and every probe sent reached the network. The pending-error trap
 * (with IP_RECVERR, each ICMP error makes the next sendto fail unsent) loses probes on a fast network unless
 * the method retries; a lost probe shows as a false {@code *}.
 *
 * <p>Three counts are compared per TTL: what the trace shows, what the method's {@code send} returned for
 * (a counting decorator), and what the lab's kernels saw — router k counts each probe whose TTL ran out
 * there ({@code Ip InHdrErrors} in its /proc/net/snmp), the destination each probe that reached it
 * ({@code Udp NoPorts}, or {@code Icmp InEchos}). CHAIN with -q 3 on a fresh lab: 5 routers × 3 probes and
 * the destination's 3 fit each one's burst of ~6 ICMP errors, so no hop may show a {@code *} either.
 */
@Timeout(120)  // a hung trace must not hang CI; each case takes seconds
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class EveryProbeIsSentTest {
    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void theTraceShowsEveryProbeSentAndTheNetworkSawEachOne(Method method) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Options o = LabRuns.options(method).queries(3);
            List<Map<String, Long>> before = counters(lab);
            CountingMethod[] counting = new CountingMethod[1];
            Trace trace = LabRuns.inClient(lab, () -> {
                try (CountingMethod m = new CountingMethod(Methods.open(method, lab.destination(), o.probeSettings()))) {
                    counting[0] = m;
                    return new RouteScanner(m, o).scan(lab.destination());
                }
            });
            // Probes still in flight past the destination's hop land: wait for the destination's kernel to count them.
            String arrivals = switch (method) {
                case UDP -> "Udp.NoPorts";
                case TCP -> "Tcp.OutRsts";  // a RST for each SYN to the closed port 80
                default -> "Icmp.InEchos";
            };
            int routers = lab.routers();
            LabRuns.awaitCounter(lab.namespaces().get(routers + 1), arrivals, before.get(routers + 1).getOrDefault(arrivals, 0L),
                    counting[0].sentWithTtlAtLeast(routers + 1));
            List<Map<String, Long>> after = counters(lab);
            Map<Integer, Integer> sent = counting[0].sent();
            System.out.printf("== chain, %s: sent per TTL %s%n%s", method, sent, trace.text());

            assertThat(trace.stop()).isEqualTo(Stop.REACHED);
            assertThat(trace.hops()).hasSize(lab.expectedHops().size());
            for (Hop hop : trace.hops()) {
                assertThat(hop.probes()).as("probes shown at hop %d vs sent with TTL %d", hop.ttl(), hop.ttl())
                        .hasSize(sent.getOrDefault(hop.ttl(), 0));
                assertThat(hop.probes()).as("hop %d: %s", hop.ttl(), hop).hasSize(3).allMatch(Probe::answered);
            }
            assertThat(trace.hops().stream().flatMap(h -> h.probes().stream()).map(Probe::key).distinct().count())
                    .as("distinct probe keys").isEqualTo(trace.hops().stream().mapToLong(h -> h.probes().size()).sum());

            for (int k = 1; k <= routers; k++) {
                long expired = delta(before, after, k, "Ip.InHdrErrors");
                assertThat(expired).as("probes whose TTL ran out at router %d (sent with TTL %d: %d)", k, k, sent.get(k))
                        .isEqualTo(sent.getOrDefault(k, 0).longValue());
            }
            assertThat(delta(before, after, routers + 1, arrivals)).as("probes that reached the destination (%s)", arrivals)
                    .isEqualTo(counting[0].sentWithTtlAtLeast(routers + 1));
        }
    }

    /** /proc/net/snmp of every namespace of the lab, client first: "Ip.InHdrErrors" → value. */
    private static List<Map<String, Long>> counters(LabNetwork lab) {
        return lab.namespaces().stream().map(LabRuns::snmp).toList();
    }

    private static long delta(List<Map<String, Long>> before, List<Map<String, Long>> after, int node, String counter) {
        assertThat(after.get(node)).containsKey(counter);
        return after.get(node).get(counter) - before.get(node).getOrDefault(counter, 0L);
    }
}
