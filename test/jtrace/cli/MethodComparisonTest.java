package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.packet.TcpHeader;
import jtrace.probe.Reply;
import jtrace.result.Stop;

/** --methods' one line per method, on hand-made traces: reached (with TCP's mark), how far it got, or nothing at all. */
class MethodComparisonTest {
    private static InetAddress ip(String a) throws Exception { return InetAddress.getByName(a); }

    @Test
    void oneLinePerMethod() throws Exception {
        InetAddress dest = ip("10.81.6.2");
        Reply router = new Reply(0, ip("10.81.1.2"), 11, 0, 2_000, 64, dest, 0);
        Reply rst = Reply.tcp(1, dest, TcpHeader.RST | TcpHeader.ACK, 3_000, 62, dest);
        Trace tcp = new Trace("d", dest, jtrace.probe.Method.TCP, 60, Options.defaults(), List.of(new Hop(1, List.of(new Probe(1, 0, 1_000, router))),
                new Hop(2, List.of(new Probe(2, 1, 1_000, rst)))), Stop.REACHED, List.of(), Map.of());
        assertThat(MethodComparison.verdict(tcp)).isEqualTo("reached 10.81.6.2 at hop 2 [closed]");
        Trace udp = new Trace("d", dest, jtrace.probe.Method.UDP, 60, Options.defaults().gap(1), List.of(new Hop(1, List.of(new Probe(1, 0, 1_000, router))),
                new Hop(2, List.of(new Probe(2, 1, 1_000, null)))), Stop.GAP_LIMIT, List.of(), Map.of());
        assertThat(MethodComparison.verdict(udp)).startsWith("last answer from 10.81.1.2 at hop 1; stopped after hop 2");
        Trace nothing = new Trace("d", dest, jtrace.probe.Method.ICMP, 60, Options.defaults().gap(1), List.of(new Hop(1, List.of(new Probe(1, 0, 1_000, null)))),
                Stop.GAP_LIMIT, List.of(), Map.of());
        assertThat(MethodComparison.verdict(nothing)).startsWith("no answer at all");
    }
}
