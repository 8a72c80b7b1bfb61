package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import jtrace.Options;
import jtrace.Trace;
import jtrace.it.LabLock;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.probe.ForwardingMethod;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;
import jtrace.support.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --methods udp,icmp,tcp} traces with the three at once, on the FIREWALL lab (its destination drops UDP and
 * ICMP echo and answers TCP). The proof of "at once" does not time anything: every method's first probe waits at one
 * barrier until all three methods have one ready — a barrier that one trace after another could never pass (the
 * first would wait for the others forever; the barrier's generous limit turns that into a failure instead of a hang).
 * Then: each trace's output comes whole, in the order given, and the verdicts say udp and icmp stop at the firewall
 * while tcp reaches the destination.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class ConcurrentMethodsLabTest {
    /** A real method whose first probe waits at {@code start} for the other methods' first probes. */
    private static final class Gated extends ForwardingMethod {
        private final CyclicBarrier start;
        private boolean first = true;

        Gated(ProbeMethod real, CyclicBarrier start) {
            super(real);
            this.start = start;
        }

        @Override
        public long send(int ttl, int key) throws IOException {
            if (first) {
                first = false;
                try {
                    start.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IOException(kind() + "'s first probe waited for the other methods' in vain: they do not trace at the same time", e);
                }
            }
            return inner.send(ttl, key);
        }
    }

    @Test
    void theMethodsTraceAtOnceAndOnlyTcpGetsThrough() throws Exception {
        assumeTrue(Host.isRoot() && Host.which("ip") != null, "skipped: the lab needs root and iproute2");
        List<Method> methods = List.of(Method.UDP, Method.ICMP, Method.TCP);
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 3)) {
            InetAddress dest = lab.destination();
            Options o = Options.defaults().numeric(true).queries(1).withFamilyPacketSize(dest);
            CyclicBarrier start = new CyclicBarrier(methods.size());
            StringWriter text = new StringWriter();
            List<Trace> traces = lab.inClient(() -> {
                List<ProbeMethod> opened = new ArrayList<>();
                try {
                    for (Method m : methods) opened.add(new Gated(Methods.open(m, dest, o.method(m).probeSettings()), start));
                    return MethodComparison.compare(dest.getHostAddress(), dest, o, methods, opened, new PrintWriter(text, true));
                } finally {
                    opened.forEach(ProbeMethod::close);
                }
            });
            System.out.println(text);
            assertThat(traces).extracting(Trace::stop).containsExactly(Stop.GAP_LIMIT, Stop.GAP_LIMIT, Stop.REACHED);
            List<String> lines = Arrays.asList(text.toString().split("\n"));
            // Each method's output whole and in order: its "==" line, its header, its hops, its stop line.
            int udp = lines.indexOf("== udp"), icmp = lines.indexOf("== icmp"), tcp = lines.indexOf("== tcp");
            assertThat(udp).isZero();
            assertThat(icmp).isGreaterThan(udp);
            assertThat(tcp).isGreaterThan(icmp);
            for (int at : new int[] {udp, icmp, tcp}) assertThat(lines.get(at + 1)).startsWith("traceroute to " + dest.getHostAddress());
            assertThat(lines.subList(udp, icmp)).anyMatch(l -> l.startsWith("stopped after hop 8"));
            assertThat(lines.subList(icmp, tcp)).anyMatch(l -> l.startsWith("stopped after hop 8"));
            assertThat(lines.subList(tcp, lines.size())).anyMatch(l -> l.startsWith(" 4  " + dest.getHostAddress()) && l.endsWith("[closed]"));
            assertThat(lines.subList(lines.size() - 4, lines.size())).containsExactly(
                    "which way gets through to " + dest.getHostAddress() + ":",
                    "  udp  last answer from 10.81.3.2 at hop 3; stopped after hop 8: 5 silent hops in a row (gap limit; raise it with --gap)",
                    "  icmp last answer from 10.81.3.2 at hop 3; stopped after hop 8: 5 silent hops in a row (gap limit; raise it with --gap)",
                    "  tcp  reached " + dest.getHostAddress() + " at hop 4 [closed]");
        }
    }
}
