package jtrace.render;

import static jtrace.render.RenderTest.T0;
import static jtrace.render.RenderTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.TcpHeader;
import jtrace.probe.Reply;
import jtrace.result.Stop;

/** What -T, -e and --mtu add to a trace's text and its Atlas JSON, on hand-made traces (no network). */
class MoreWaysRenderTest {
    private static Probe probe(int ttl, Reply r) { return new Probe(ttl, r.key(), T0, r); }

    private static Reply timeExceeded(String from, int mtu, IcmpExtensions e) {
        return new Reply(0, ip(from), 11, 0, T0 + 100_000, 64, ip("10.83.6.2"), mtu, Reply.NOT_TCP, e);
    }

    @Test
    void tcpAnswersShowOpenOrClosedAndTheirFlags() {
        Reply rst = Reply.tcp(0, ip("10.81.6.2"), TcpHeader.RST | TcpHeader.ACK, T0 + 200_000, 61, ip("10.81.6.2"));
        Reply synAck = Reply.tcp(1, ip("10.81.6.2"), TcpHeader.SYN | TcpHeader.ACK, T0 + 300_000, 61, ip("10.81.6.2"));
        assertThat(rst.annotation()).isEqualTo("[closed]");
        assertThat(synAck.annotation()).isEqualTo("[open]");
        assertThat(rst.isFinal()).isTrue();
        assertThat(rst.kind()).isEqualTo(Reply.Kind.TCP);
        Trace t = new Trace("x", ip("10.81.6.2"), jtrace.probe.Method.TCP, 60, Options.defaults(), List.of(new Hop(1, List.of(probe(1, rst), probe(1, synAck)))),
                Stop.REACHED, List.of(), Map.of());
        assertThat(t.text()).contains(" 1  10.81.6.2  0.200 ms [closed]  0.300 ms [open]");
        assertThat(t.json().toString()).contains("\"proto\": \"TCP\"", "\"flags\": \"RA\"", "\"flags\": \"SA\"");
        assertThat(AtlasJson.flags(0xff)).isEqualTo("FSRPAUEC");
    }

    @Test
    void extensionsFollowTheAddressAndGoIntoTheJson() {
        byte[] icmp = jtrace.packet.ExtensionsAndTcpDecodeTestAccess.timeExceededWithMpls(24005);
        IcmpExtensions e = IcmpExtensions.find(icmp, false).orElseThrow();
        Trace t = new Trace("x", ip("10.83.6.2"), jtrace.probe.Method.UDP, 60, Options.defaults().extensions(true),
                List.of(new Hop(3, List.of(probe(3, timeExceeded("10.83.200.1", 0, e))))), Stop.MAX_TTL, List.of(), Map.of());
        assertThat(t.text()).contains(" 3  10.83.200.1 <MPLS:L=24005,E=0,S=1,T=1>  0.100 ms");
        assertThat(t.json().toString()).contains("\"icmpext\": {\"version\": 2, \"rfc4884\": 1, \"obj\": [{\"class\": 1, \"type\": 1, "
                + "\"mpls\": [{\"exp\": 0, \"label\": 24005, \"s\": 1, \"ttl\": 1}]}]}");
    }

    @Test
    void mtuMarksTheFirstHopAndWhereThePathShrank() {
        List<Hop> hops = List.of(new Hop(1, List.of(probe(1, timeExceeded("10.82.1.2", 1500, null)), probe(1, timeExceeded("10.82.1.2", 1500, null)))),
                new Hop(2, List.of(probe(2, timeExceeded("10.82.2.2", 1500, null)))),
                new Hop(3, List.of(probe(3, timeExceeded("10.82.3.2", 1280, null)))),
                new Hop(4, List.of(probe(4, timeExceeded("10.82.4.2", 1280, null)))));
        Trace with = new Trace("x", ip("10.82.6.2"), jtrace.probe.Method.UDP, 1500, Options.defaults().mtu(true), hops, Stop.MAX_TTL, List.of(), Map.of());
        assertThat(with.text().lines().skip(1).limit(4).toList()).containsExactly(
                " 1  10.82.1.2  0.100 ms F=1500  0.100 ms", " 2  10.82.2.2  0.100 ms", " 3  10.82.3.2  0.100 ms F=1280", " 4  10.82.4.2  0.100 ms");
        Trace without = new Trace("x", ip("10.82.6.2"), jtrace.probe.Method.UDP, 1500, Options.defaults(), hops, Stop.MAX_TTL, List.of(), Map.of());
        assertThat(without.text()).doesNotContain("F=");
        assertThat(with.json().toString()).contains("\"mtu\": 1500", "\"mtu\": 1280");
    }
}
