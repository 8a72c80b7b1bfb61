package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import jtrace.Method;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Stop;
import jtrace.Trace;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import org.junit.jupiter.api.BeforeAll;
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
            List<Trace> traces = lab.inClient(() -> {
                List<Trace> done = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    try (ProbeMethod m = Methods.open(Method.UDP, lab.destination(), o)) {
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

    /** For comparison only (nothing asserted): Debian's traceroute twice in a row on a fresh 6-router chain. */
    @Test
    void debianTracerouteTwiceInARowForComparison() {
        assumeTrue(LabRuns.which("traceroute") != null, "skipped: traceroute is not installed (apt-get install traceroute)");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 6)) {
            String dest = lab.destination().getHostAddress();
            for (int i = 1; i <= 2; i++) {
                long start = System.nanoTime();
                CommandOutput out = lab.run(List.of("traceroute", "-n", dest));
                long millis = (System.nanoTime() - start) / 1_000_000;
                TraceText text = TraceText.parse(out.stdout());
                int at = text.hops().stream().filter(h -> h.addresses().contains(dest)).mapToInt(TraceText.Line::ttl).findFirst().orElse(-1);
                System.out.printf("== Debian traceroute -n %s, run %d in a row (exit %d, %d ms): destination shown at hop %d,"
                        + " true hop %d%n%s%n", dest, i, out.exitCode(), millis, at, lab.expectedHops().size(), String.join("\n", out.stdout()));
            }
        }
    }
}
