package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;

import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Finding;
import jtrace.result.Stop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * traceroute 2.1.2's headline bug: run twice in a row on a lab chain, the second run put the destination at
 * hop 12 or 23, because the destination (and the routers) rate-limit their ICMP errors — a burst of ~6,
 * then one per second. On a 6-router chain (7 hops) Debian's traceroute shows it every time: 16 probes in
 * flight spend the destination's burst, and the next run's probes at its hop go unanswered. jtrace, run
 * back to back on a fresh CHAIN lab with UDP (the method whose answers are all rate-limited errors), must
 * find the destination at its true hop every time, never beyond.
 */
@Timeout(120)  // a hung trace must not hang CI; each case takes seconds
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class RateLimitTest {
    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    @ParameterizedTest(name = "{0} routers")
    @ValueSource(ints = {5, 6})
    void tracesBackToBackEndAtTheDestinationsTrueHop(int routers) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, routers)) {
            Options o = LabRuns.options(Method.UDP);
            int trueHop = lab.expectedHops().size();
            // Back to back in one namespace thread: the second starts the moment the first returns.
            List<Trace> traces = LabRuns.inClient(lab, () -> {
                List<Trace> done = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    try (ProbeMethod m = Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                        long start = System.nanoTime();
                        done.add(new RouteScanner(m, o).scan(lab.destination()));
                        System.out.printf("== chain of %d routers, udp, run %d in a row: %d ms%n%s", routers, i + 1,
                                (System.nanoTime() - start) / 1_000_000, done.get(i).text());
                    }
                }
                return done;
            });
            for (int i = 0; i < traces.size(); i++) {
                Trace t = traces.get(i);
                assertThat(t.stop()).as("run %d stop", i + 1).isEqualTo(Stop.REACHED);
                assertThat(t.last().ttl()).as("run %d: the destination's hop", i + 1).isEqualTo(trueHop);
                assertThat(t.last().addresses()).as("run %d: who answered at hop %d", i + 1, trueHop).containsExactly(lab.destination());
                assertThat(LabRuns.text(t.route())).as("run %d route", i + 1).isEqualTo(LabRuns.text(lab.expectedHops()));
            }
        }
    }

    /**
     * The destination is already rate-limiting when the trace starts (someone traced it a moment ago: here, 12
     * datagrams to a closed port spend its burst of ~6 port-unreachables). Its hop and the next ones stay
     * silent; after the 1 s wait past the last answer the scanner sends one last probe to each silent hop, the
     * destination has earned a token by then and answers the lowest one. That is the whole cost: about one
     * rate-limit period (1 s), so the trace must end well within 1.5 s, at the destination's true hop.
     */
    @Test
    void aDestinationAlreadyRateLimitingIsFoundAtItsTrueHopAfterOnePeriod() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Options o = LabRuns.options(Method.UDP);
            int trueHop = lab.expectedHops().size();
            long[] millis = new long[1];
            Trace trace = LabRuns.inClient(lab, () -> {
                try (DatagramSocket spender = new DatagramSocket()) {
                    for (int i = 0; i < 12; i++)
                        spender.send(new DatagramPacket(new byte[8], 8, lab.destination(), Options.DEFAULT_UDP_PORT + 100 + i));
                }
                try (ProbeMethod m = Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                    long start = System.nanoTime();
                    Trace t = new RouteScanner(m, o).scan(lab.destination());
                    millis[0] = (System.nanoTime() - start) / 1_000_000;
                    return t;
                }
            });
            System.out.printf("== chain, udp, destination rate-limiting from the start: %d ms%n%s", millis[0], trace.text());
            assertThat(trace.stop()).isEqualTo(Stop.REACHED);
            assertThat(trace.last().ttl()).isEqualTo(trueHop);
            assertThat(trace.last().addresses()).containsExactly(lab.destination());
            assertThat(LabRuns.text(trace.route())).isEqualTo(LabRuns.text(lab.expectedHops()));
            // One last-ditch round found it (one rate-limit period), and nothing was waited for after its answer: the
            // scanner used to wait 1 s more for last probes past it that it had already dropped (fixed in a77d718).
            assertThat(trace.findings()).singleElement().isInstanceOfAny(Finding.FoundAfterSilence.class, Finding.DestinationNearer.class);
            long found = trace.last().probes().stream().filter(Probe::answered).mapToLong(p -> p.reply().received()).min().orElseThrow();
            assertThat(trace.hops().stream().flatMap(h -> h.probes().stream()).mapToLong(Probe::sent).max().orElseThrow())
                    .as("no probe sent after the destination's answer").isLessThan(found);
        }
    }

    /**
     * The destination's ICMP errors are a budget shared by every trace towards it: a burst of about 6, then one
     * per second. Probes it receives beyond that burst cannot be answered; they only make the next trace in a row
     * find the destination silent (then it costs a rate-limit period to recover). So one trace must not send the
     * destination more probes than its burst. Counted on the wire: the destination's Udp NoPorts counter.
     * (Debian traceroute sends it 3 on this 5-router chain.)
     */
    @Test
    void oneTraceSendsTheDestinationNoMoreProbesThanItsIcmpBurst() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Options o = LabRuns.options(Method.UDP);
            String destination = lab.namespaces().get(lab.namespaces().size() - 1);
            long before = LabRuns.snmp(destination).get("Udp.NoPorts");
            CountingMethod[] counting = new CountingMethod[1];
            Trace trace = LabRuns.inClient(lab, () -> {
                try (CountingMethod m = new CountingMethod(Methods.open(Method.UDP, lab.destination(), o.probeSettings()))) {
                    counting[0] = m;
                    return new RouteScanner(m, o).scan(lab.destination());
                }
            });
            // The last probes land: wait for the destination's kernel to count every probe sent at its hop or past it.
            int atOrPast = counting[0].sentWithTtlAtLeast(lab.expectedHops().size());
            long reached = LabRuns.awaitCounter(destination, "Udp.NoPorts", before, atOrPast).get("Udp.NoPorts") - before;
            System.out.printf("== chain, udp: %d probes reached the destination (sent per TTL: %s)%n%s", reached,
                    counting[0].sent(), trace.text());
            assertThat(trace.stop()).isEqualTo(Stop.REACHED);
            assertThat(trace.last().ttl()).isEqualTo(lab.expectedHops().size());
            assertThat(reached).as("probes that reached the destination in one trace (sent per TTL: %s); its ICMP burst is 6",
                    counting[0].sent()).isLessThanOrEqualTo(6);
        }
    }
}
