package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.packet.AddressText;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;

/**
 * Why TCP gets through, on the FIREWALL lab (its destination drops UDP and ICMP echo and lets TCP in): UDP and
 * ICMP traces end at the gap limit behind router 5, a TCP trace reaches the destination — [closed] where nothing
 * listens (a RST), [open] where something does (a SYN-ACK) — over IPv4 and IPv6, as root and as any user.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class TcpTraceTest {
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    private static Trace trace(LabNetwork lab, InetAddress target, Options o) throws Exception {
        Options sized = o.withFamilyPacketSize(target);
        return LabRuns.inClient(lab, () -> {
            try (ProbeMethod m = Methods.open(sized.method(), target, sized.probeSettings())) {
                return new RouteScanner(m, sized).scan(target);
            }
        });
    }

    @Test
    void tcpGetsThroughWhereUdpAndIcmpStop() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL)) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                Trace udp = trace(lab, target, LabRuns.options(Method.UDP));
                Trace tcp = trace(lab, target, LabRuns.options(Method.TCP));
                System.out.printf("== firewall, udp then tcp to %s%n%s%s", AddressText.of(target), udp.text(), tcp.text());
                assertThat(udp.stop()).isEqualTo(Stop.GAP_LIMIT);
                assertThat(tcp.stop()).isEqualTo(Stop.REACHED);
                assertThat(tcp.method()).isEqualTo(Method.TCP);
                assertThat(tcp.hops()).hasSize(lab.routers() + 1);
                assertThat(tcp.last().address()).isEqualTo(target);
                assertThat(tcp.last().probes()).hasSize(3).allSatisfy(p -> assertThat(p.reply().annotation()).isEqualTo("[closed]"));
                assertThat(tcp.last().toString()).contains("[closed]");
                // Sent and received on one monotonic clock (the kernel's stamps moved onto it): every RTT is a real one.
                assertThat(tcp.hops()).allSatisfy(h -> assertThat(h.probes()).filteredOn(Probe::answered)
                        .isNotEmpty().allSatisfy(p -> assertThat(p.rtt()).as("hop %d, ms", h.ttl()).isPositive().isLessThan(1000)));
                for (int k = 1; k <= lab.routers(); k++)
                    assertThat(tcp.hops().get(k - 1).addresses()).as("hop %d", k)
                            .containsExactly(target.equals(lab.destination()) ? lab.topology().router(k) : lab.topology().router6(k));
            }
        }
    }

    @Test
    void asRootTheSynsAreBuiltByHand() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 1)) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                Options o = LabRuns.options(Method.TCP).queries(1).withFamilyPacketSize(target);
                String sent = LabRuns.inClient(lab, () -> {
                    try (ProbeMethod m = Methods.open(Method.TCP, target, o.probeSettings())) {
                        assertThat(m).isInstanceOf(jtrace.probe.RawTcpMethod.class);
                        Trace t = new RouteScanner(m, o).scan(target);
                        assertThat(t.stop()).isEqualTo(Stop.REACHED);
                        assertThat(t.last().probes().get(0).reply().annotation()).isEqualTo("[closed]");
                        // The router's time exceeded quoted our SYN: its ports and the sequence number that carries the key.
                        jtrace.probe.RawTcpMethod raw = (jtrace.probe.RawTcpMethod) m;
                        Probe first = t.hops().get(0).probes().get(0);
                        assertThat(first.reply().quote().sourcePort()).isEqualTo(raw.sourcePort());
                        assertThat(first.reply().quote().destinationPort()).isEqualTo(80);
                        assertThat(first.reply().quote().tcpSequence() & 0xffff).isEqualTo(first.key());
                        byte[] syn = ((jtrace.probe.LastSent) m).lastSent();
                        return target.equals(lab.destination()) ? jtrace.packet.Decoder.decode(syn).toString() : jtrace.packet.Bytes.hex(syn);
                    }
                });
                System.out.printf("== the last SYN to %s%n%s%n", AddressText.of(target), sent);
                if (target.equals(lab.destination()))
                    assertThat(sent).contains("TCP, ", " > 80 [SYN]", "correct (with the pseudo-header)");
            }
        }
    }

    @Test
    void aListeningPortAnswersOpen() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 2);
             ServerSocket server = lab.inDestination(() -> {
                 ServerSocket s = new ServerSocket();  // "::" takes IPv4 and IPv6
                 s.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
                 return s;
             })) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                Trace tcp = trace(lab, target, LabRuns.options(Method.TCP).port(server.getLocalPort()));
                System.out.printf("== firewall, tcp to %s port %d%n%s", AddressText.of(target), server.getLocalPort(), tcp.text());
                assertThat(tcp.stop()).isEqualTo(Stop.REACHED);
                assertThat(tcp.last().probes()).hasSize(3).allSatisfy(p -> {
                    assertThat(p.reply().annotation()).isEqualTo("[open]");
                    assertThat(p.rtt()).as("the kernel's handshake RTT").isPositive().isLessThan(1000);
                });
            }
        }
    }

    @Test
    void anOrdinaryUserTracesWithTcpInBothFamilies() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 3)) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                String dest = AddressText.of(target);
                CommandOutput out = LabRuns.guarded(lab, () -> lab.runAs(cli.user(), cli.jtrace("-n", "-T", "-q", "1", dest)));
                System.out.printf("== firewall as %s: jtrace -n -T -q 1 %s%n%s%n%s%n", cli.user(), dest, String.join("\n", out.stdout()),
                        String.join("\n", out.stderr()));
                assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
                assertThat(out.stderr()).isEmpty();
                TraceText text = TraceText.parse(out.stdout());
                assertThat(text.route()).hasSize(4).last().isEqualTo(dest);
                assertThat(text.hops().get(3).text()).endsWith("[closed]");
                assertThat(text.stopLines()).isEmpty();
                // connect() probes: sent and answered on the monotonic clock, the routers' errors by the kernel's stamps moved onto it
                assertThat(text.hops()).allSatisfy(h -> assertThat(java.util.regex.Pattern.compile("([0-9.]+) ms").matcher(h.text()).results()
                        .map(r -> Double.parseDouble(r.group(1))).toList()).as(h.text()).singleElement().satisfies(rtt -> assertThat(rtt).isPositive()));
            }
        }
    }

    @Test
    void methodsSaysWhichWayGetsThrough() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 3)) {
            String dest = lab.destination().getHostAddress();
            CommandOutput out = LabRuns.guarded(lab, () -> lab.runAs(cli.user(), cli.jtrace("-n", "-q", "1", "--methods", "udp,icmp,tcp", dest)));
            System.out.printf("== firewall as %s: jtrace -n -q 1 --methods udp,icmp,tcp %s%n%s%n%s%n", cli.user(), dest,
                    String.join("\n", out.stdout()), String.join("\n", out.stderr()));
            assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
            List<String> lines = out.stdout();
            assertThat(lines).contains("== udp", "== icmp", "== tcp");
            String gap = "stopped after hop 8: 5 silent hops in a row (gap limit; raise it with --gap)";
            assertThat(lines.subList(lines.size() - 4, lines.size())).containsExactly(
                    "which way gets through to " + dest + ":",
                    "  udp  last answer from 10.81.3.2 at hop 3; " + gap,
                    "  icmp last answer from 10.81.3.2 at hop 3; " + gap,
                    "  tcp  reached " + dest + " at hop 4 [closed]");
        }
    }

    @Test
    void probesAreNeverConfusedWithATcpAnswerThatIsNotOurs() throws Exception {
        // Every probe is its own socket: the destination's answers reach exactly the socket whose SYN they answer.
        try (LabNetwork lab = Lab.up(Scenario.FIREWALL, 1)) {
            Trace tcp = trace(lab, lab.destination(), LabRuns.options(Method.TCP).queries(10).firstTtl(2));
            assertThat(tcp.hops()).singleElement().satisfies(h -> {
                assertThat(h.probes()).hasSize(10).allMatch(Probe::answered);
                assertThat(h.probes().stream().map(Probe::key).distinct()).hasSize(10);
            });
        }
    }
}
