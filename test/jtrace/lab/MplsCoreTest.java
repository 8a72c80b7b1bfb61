package jtrace.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;

import org.junit.jupiter.api.Test;

import jtrace.Jtrace;
import jtrace.packet.Decoded;
import jtrace.packet.Decoder;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;

/** The MPLS lab's core, packet in, packets out: who answers, with which extensions, and what goes on. */
class MplsCoreTest {
    private final Topology t = new Topology(Scenario.MPLS, 5);
    private final MplsCore core = new MplsCore(t);

    @Test
    void theTopologyHasThreeLabelSwitchingRoutersBehindRouter2() {
        List<String> hops = t.expectedHops().stream().map(a -> a.getHostAddress()).toList();
        assertThat(hops).containsExactly("10.83.1.2", "10.83.2.2", "10.83.200.1", "10.83.200.2", "10.83.200.3",
                "10.83.3.2", "10.83.4.2", "10.83.5.2", "10.83.6.2");
        assertThat(t.names().get(t.lsr(2))).isEqualTo("lsr2.mpls.lab");
        assertThat(Wiring.mplsBatch(t, false)).contains("route add default dev mpls0 table 100", "rule add pref 50 iif to-r1 lookup 100");
        assertThat(Wiring.mplsBatch(t, true)).contains("route add fd00:83:200::/64 dev mpls0");
    }

    @Test
    void aProbeThatExpiresInTheCoreGetsATimeExceededWithLabelsAndInterface() {
        // As it reaches the core: TTL 2 = it expires at LSR 2.
        byte[] probe = Jtrace.udpProbe("10.83.1.1", "10.83.6.2", 2, 33436);
        List<byte[]> out = core.handle(probe);
        assertThat(out).hasSize(1);
        Decoded d = Decoder.decode(out.get(0));
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layer("IPv4").field("source").value()).isEqualTo("10.83.200.2");
        assertThat(d.layer("IPv4").field("destination").value()).isEqualTo("10.83.1.1");
        assertThat(d.layer("ICMP").summary()).isEqualTo("time exceeded");
        assertThat(d.layer("quoted UDP").field("destination port").value()).isEqualTo("33436");
        assertThat(d.layer("quoted IPv4").field("time to live").value()).as("as it expired").isEqualTo("1");
        IcmpExtensions e = IcmpExtensions.find(java.util.Arrays.copyOfRange(out.get(0), 20, out.get(0).length), false).orElseThrow();
        assertThat(e.text()).isEqualTo("<MPLS:L=24002,E=0,S=1,T=1;IF:in,index=2,addr=10.83.200.2,name=lsr2-in,mtu=1500>");
        assertThat(e.checksumOk()).isTrue();
    }

    @Test
    void aProbeThatPassesLeavesOlderByTheCoreMinusRouter2sOwnHop() {
        byte[] probe = Jtrace.udpProbe("10.83.1.1", "10.83.6.2", 5, 33436);
        byte[] out = core.handle(probe).get(0);
        Ipv4Header h = Ipv4Header.parse(out, 0);
        assertThat(h.ttl()).as("router 2 forwards it on and takes one more: 1 at router 3").isEqualTo(3);
        assertThat(h.checksumOk()).isTrue();
        assertThat(java.util.Arrays.copyOfRange(out, 20, out.length)).isEqualTo(java.util.Arrays.copyOfRange(probe, 20, probe.length));
    }

    @Test
    void ipv6TheSameWay() {
        byte[] probe = Jtrace.udpProbe("fd00:83:1::1", "fd00:83:6::2", 1, 33434);
        byte[] out = core.handle(probe).get(0);
        Ipv6Header h = Ipv6Header.parse(out, 0);
        assertThat(h.source()).isEqualTo((Inet6Address) t.lsr6(1));
        Decoded d = Decoder.decode(out);
        assertThat(d.ok()).as(d.toString()).isTrue();
        assertThat(d.layer("ICMPv6").field("checksum").meaning()).startsWith("correct");
        assertThat(d.layer("MPLS label stack").summary()).isEqualTo("MPLS:L=24001,E=0,S=1,T=1");
        assertThat(Ipv6Header.parse(core.handle(Jtrace.udpProbe("fd00:83:1::1", "fd00:83:6::2", 9, 33434)).get(0), 0).hopLimit())
                .isEqualTo(7);
    }

    @Test
    void whatIsNotAnIpPacketIsDropped() {
        assertThat(core.handle(new byte[0])).isEmpty();
        assertThat(core.handle(new byte[] {0x45, 0, 0})).isEmpty();
        assertThat(core.handle(new byte[] {0x10, 1, 2, 3})).isEmpty();
        assertThat(t.lsr(1)).isInstanceOf(Inet4Address.class);
    }
}
