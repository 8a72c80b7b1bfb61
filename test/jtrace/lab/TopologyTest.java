package jtrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Names, addresses and commands of a lab: pure computation, runs anywhere. */
class TopologyTest {
    private static List<String> text(List<InetAddress> hops) {
        return hops.stream().map(a -> a == null ? "*" : jtrace.packet.AddressText.of(a)).toList();
    }

    @Test
    void chainAddressesFollowTheLinkNumbers() {
        Topology t = new Topology(Scenario.CHAIN, 5);
        assertThat(t.client().getHostAddress()).isEqualTo("10.71.1.1");
        assertThat(t.router(1).getHostAddress()).isEqualTo("10.71.1.2");
        assertThat(t.router(5).getHostAddress()).isEqualTo("10.71.5.2");
        assertThat(t.destination().getHostAddress()).isEqualTo("10.71.6.2");
        assertThat(text(t.expectedHops()))
                .containsExactly("10.71.1.2", "10.71.2.2", "10.71.3.2", "10.71.4.2", "10.71.5.2", "10.71.6.2");
        assertThat(t.namespaces()).containsExactly("jtl-chain-c", "jtl-chain-r1", "jtl-chain-r2", "jtl-chain-r3",
                "jtl-chain-r4", "jtl-chain-r5", "jtl-chain-d");
    }

    @Test
    void ipv6AddressesReadLikeTheIpv4Ones() {
        Topology t = new Topology(Scenario.CHAIN, 5);
        assertThat(text(List.of(t.client6(), t.router6(1), t.router6(5), t.destination6(), t.linkAddress6(3, 1))))
                .containsExactly("fd00:71:1::1", "fd00:71:1::2", "fd00:71:5::2", "fd00:71:6::2", "fd00:71:3::1");
        assertThat(text(t.expectedHops6()))
                .containsExactly("fd00:71:1::2", "fd00:71:2::2", "fd00:71:3::2", "fd00:71:4::2", "fd00:71:5::2", "fd00:71:6::2");
        assertThat(text(new Topology(Scenario.SILENT, 5).expectedHops6()))
                .containsExactly("fd00:72:1::2", "fd00:72:2::2", "*", "fd00:72:4::2", "fd00:72:5::2", "fd00:72:6::2");
        assertThat(text(new Topology(Scenario.BLACKHOLE, 3).expectedHops6()))
                .containsExactly("fd00:73:1::2", "fd00:73:2::2", "fd00:73:3::2", "*");
        assertThat(text(new Topology(Scenario.UNREACHABLE, 5).expectedHops6())).containsExactly("fd00:74:1::2", "fd00:74:2::2");
        assertThat(text(new Topology(Scenario.CHAIN, 64).expectedHops6()).get(64)).as("link 65 of the longest chain").isEqualTo("fd00:71:65::2");
        assertThat(t.subnet6(2)).isEqualTo("fd00:71:2::/64");
    }

    @Test
    void theMarksFollowTheFamily() {
        assertThat(Scenario.UNREACHABLE.expectedMark()).isEqualTo("!H");
        assertThat(Scenario.UNREACHABLE.expectedMark6()).as("ICMPv6 no route to destination").isEqualTo("!N");
        assertThat(Scenario.PROHIBITED.expectedMark6()).isEqualTo("!X");
        assertThat(Scenario.CHAIN.expectedMark6()).isEmpty();
    }

    @Test
    void eachScenarioShowsItsOwnMisbehaviour() {
        assertThat(text(new Topology(Scenario.SILENT, 5).expectedHops()))
                .containsExactly("10.72.1.2", "10.72.2.2", "*", "10.72.4.2", "10.72.5.2", "10.72.6.2");
        assertThat(text(new Topology(Scenario.BLACKHOLE, 3).expectedHops()))
                .containsExactly("10.73.1.2", "10.73.2.2", "10.73.3.2", "*");
        assertThat(text(new Topology(Scenario.UNREACHABLE, 5).expectedHops())).containsExactly("10.74.1.2", "10.74.2.2");
        assertThat(text(new Topology(Scenario.PROHIBITED, 1).expectedHops())).containsExactly("10.75.1.2");
        assertThat(text(new Topology(Scenario.SILENT, 1).expectedHops())).containsExactly("*", "10.72.2.2");
    }

    @Test
    void scenariosNeverShareNamesOrAddresses() {
        assertThat(Arrays.stream(Scenario.values()).map(Scenario::octet).distinct()).hasSize(Scenario.values().length);
        for (Scenario a : Scenario.values()) {
            for (Scenario b : Scenario.values()) {
                if (a != b) assertThat(Topology.namespacePrefix(a)).doesNotStartWith(Topology.namespacePrefix(b));
            }
        }
    }

    @Test
    void everyAddressHasAName() {
        Map<InetAddress, String> names = new Topology(Scenario.CHAIN, 2).names();
        Map<String, String> byText = names.entrySet().stream()
                .collect(Collectors.toMap(e -> jtrace.packet.AddressText.of(e.getKey()), Map.Entry::getValue));
        assertThat(byText).containsEntry("10.71.1.1", "client.chain.lab").containsEntry("10.71.1.2", "r1.chain.lab")
                .containsEntry("10.71.2.1", "r1.chain.lab").containsEntry("10.71.2.2", "r2.chain.lab")
                .containsEntry("10.71.3.1", "r2.chain.lab").containsEntry("10.71.3.2", "dest.chain.lab")
                .containsEntry("fd00:71:1::1", "client.chain.lab").containsEntry("fd00:71:1::2", "r1.chain.lab")
                .containsEntry("fd00:71:2::1", "r1.chain.lab").containsEntry("fd00:71:2::2", "r2.chain.lab")
                .containsEntry("fd00:71:3::1", "r2.chain.lab").containsEntry("fd00:71:3::2", "dest.chain.lab").hasSize(12);
    }

    @Test
    void routerCountIsCheckedWithAOneLineMessage() {
        assertThatThrownBy(() -> new Topology(Scenario.CHAIN, 0)).isInstanceOf(LabException.class)
                .hasMessage("the lab takes 1 to 64 routers, not 0");
        assertThatThrownBy(() -> Scenario.parse("loop"))
                .hasMessageStartingWith("unknown lab scenario 'loop': choose one of chain, silent, blackhole, unreachable, prohibited, ")
                .hasMessageContaining(", nat").hasMessageContaining(", firewall").hasMessageContaining(", mtu");
        assertThat(Scenario.parse(" Silent ")).isEqualTo(Scenario.SILENT);
    }

    @Test
    void wiringBuildsEverythingInsideTheNamespaces() {
        Topology t = new Topology(Scenario.UNREACHABLE, 2);
        String dadOff = "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad; echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad"
                + "; echo 1 > /proc/sys/net/ipv6/conf/default/addr_gen_mode";
        assertThat(Wiring.hostBatch(t)).containsSubsequence(
                "netns add jtl-unreachable-c",
                // accept_dad before the links: they inherit it
                "netns exec jtl-unreachable-c sh -c \"" + dadOff + "; echo 0 2147483647 > /proc/sys/net/ipv4/ping_group_range\"",
                "netns exec jtl-unreachable-r2 sh -c \"" + dadOff
                        + "; echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/ipv6/conf/all/forwarding\"",
                "netns exec jtl-unreachable-d sh -c \"" + dadOff + "\"",
                // the two ends of a link never share an interface number
                "link add to-r1 netns jtl-unreachable-c index 12 type veth peer name to-c netns jtl-unreachable-r1 index 13",
                "link add to-d netns jtl-unreachable-r2 index 16 type veth peer name to-r2 netns jtl-unreachable-d index 17");
        Map<String, List<String>> batches = Wiring.namespaceBatches(t, "tag");
        assertThat(batches.get("jtl-unreachable-c")).contains("addr add 10.74.1.1/24 dev to-r1",
                "addr add fd00:74:1::1/64 dev to-r1 nodad", "addr add fe80::1/64 dev to-r1 nodad", "route add default via 10.74.1.2",
                "route add default via fd00:74:1::2", "link set to-r1 alias tag");
        assertThat(batches.get("jtl-unreachable-r2")).contains("addr add 10.74.2.2/24 dev to-r1",
                "addr add 10.74.3.1/24 dev to-d", "route add 10.74.1.0/24 via 10.74.2.1", "route add unreachable 10.74.3.2/32",
                "addr add fd00:74:2::2/64 dev to-r1 nodad", "addr add fd00:74:3::1/64 dev to-d nodad",
                "addr add fe80::2/64 dev to-r1 nodad", "addr add fe80::1/64 dev to-d nodad",
                "route add fd00:74:1::/64 via fd00:74:2::1", "route add unreachable fd00:74:3::2/128");
        assertThat(batches.get("jtl-unreachable-d")).contains("route add default via 10.74.3.1", "route add default via fd00:74:3::1");
        assertThat(Wiring.ipv6RuleBatches(t)).isEmpty();
    }

    @Test
    void everyNamespaceKnowsItsInterfaces() {
        assertThat(Wiring.interfaces(new Topology(Scenario.CHAIN, 2))).containsExactly(
                Map.entry("jtl-chain-c", List.of("to-r1")), Map.entry("jtl-chain-r1", List.of("to-c", "to-r2")),
                Map.entry("jtl-chain-r2", List.of("to-r1", "to-d")), Map.entry("jtl-chain-d", List.of("to-r2")));
    }

    @Test
    void silentAndBlackholeNeedOnlyPolicyRulesInBothFamilies() {
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.SILENT, 5), "t").get("jtl-silent-r3"))
                .contains("rule add pref 100 iif lo ipproto icmp blackhole");
        assertThat(Wiring.ipv6RuleBatches(new Topology(Scenario.SILENT, 5)))
                .containsExactly(Map.entry("jtl-silent-r3", List.of("rule add pref 100 iif lo ipproto ipv6-icmp blackhole")));
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.BLACKHOLE, 5), "t").get("jtl-blackhole-d"))
                .contains("rule add pref 100 iif lo blackhole");
        assertThat(Wiring.ipv6RuleBatches(new Topology(Scenario.BLACKHOLE, 5)))
                .containsExactly(Map.entry("jtl-blackhole-d", List.of("rule add pref 100 iif lo blackhole")));
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.PROHIBITED, 1), "t").get("jtl-prohibited-r1"))
                .contains("route add prohibit 10.75.2.2/32", "route add prohibit fd00:75:2::2/128");
    }

    @Test
    void anEcmpDiamondHasTwoRoutersAtHopTwoEachWithItsOwnLinks() {
        Topology t = new Topology(Scenario.ECMP, 5);
        assertThat(t.namespaces()).containsExactly("jtl-ecmp-c", "jtl-ecmp-r1", "jtl-ecmp-r2a", "jtl-ecmp-r2b", "jtl-ecmp-r3",
                "jtl-ecmp-r4", "jtl-ecmp-r5", "jtl-ecmp-d");
        assertThat(text(t.routersAt(2))).containsExactly("10.76.2.2", "10.76.212.2");
        assertThat(text(t.routers6At(2))).containsExactly("fd00:76:2::2", "fd00:76:212::2");
        assertThat(t.expectedHopSets()).hasSize(6).allSatisfy(set -> assertThat(set).isNotEmpty());
        assertThat(t.expectedHopSets().get(1)).containsExactlyInAnyOrderElementsOf(t.routersAt(2));
        assertThat(t.expectedHopSets().get(2)).as("router 3 answers from its branch-a link only").containsExactly(t.router(3));
        assertThat(t.expectedHopSets6().get(1)).containsExactlyInAnyOrderElementsOf(t.routers6At(2));
        assertThatThrownBy(t::expectedHops).isInstanceOf(LabException.class).hasMessageContaining("expectedHopSets");
        Map<String, String> byText = t.names().entrySet().stream()
                .collect(Collectors.toMap(e -> jtrace.packet.AddressText.of(e.getKey()), Map.Entry::getValue));
        assertThat(byText).containsEntry("10.76.212.2", "r2b.ecmp.lab").containsEntry("10.76.213.1", "r2b.ecmp.lab")
                .containsEntry("10.76.212.1", "r1.ecmp.lab").containsEntry("10.76.213.2", "r3.ecmp.lab")
                .containsEntry("fd00:76:212::2", "r2b.ecmp.lab").containsEntry("10.76.2.2", "r2a.ecmp.lab");
        assertThat(text(new Topology(Scenario.WIDE, 3).routersAt(2)))
                .containsExactly("10.77.2.2", "10.77.212.2", "10.77.222.2", "10.77.232.2");
        assertThatThrownBy(() -> new Topology(Scenario.ECMP, 2)).isInstanceOf(LabException.class)
                .hasMessage("the ecmp lab needs at least 3 routers (one before the diamond, one where it joins), not 2");
    }

    @Test
    void routerOneBalancesOnTheFiveTupleAndRouterThreeAnswersThroughBranchA() {
        Topology t = new Topology(Scenario.ECMP, 3);
        assertThat(Wiring.hostBatch(t)).contains(
                "link add to-r2a netns jtl-ecmp-r1 index 14 type veth peer name to-r1 netns jtl-ecmp-r2a index 15",
                "link add to-r2b netns jtl-ecmp-r1 index 434 type veth peer name to-r1 netns jtl-ecmp-r2b index 435",
                "link add to-r3 netns jtl-ecmp-r2b index 436 type veth peer name to-r2b netns jtl-ecmp-r3 index 437");
        assertThat(Wiring.hostBatch(t)).filteredOn(l -> l.contains("jtl-ecmp-r1 sh"))
                .singleElement().asString().contains("echo 1 > /proc/sys/net/ipv4/fib_multipath_hash_policy",
                        "echo 1 > /proc/sys/net/ipv6/fib_multipath_hash_policy");
        Map<String, List<String>> batches = Wiring.namespaceBatches(t, "tag");
        assertThat(batches.get("jtl-ecmp-r1")).contains("route add default nexthop via 10.76.2.2 nexthop via 10.76.212.2",
                "route add default nexthop via fd00:76:2::2 nexthop via fd00:76:212::2");
        assertThat(batches.get("jtl-ecmp-r2b")).contains("addr add 10.76.212.2/24 dev to-r1", "addr add 10.76.213.1/24 dev to-r3",
                "route add 10.76.1.0/24 via 10.76.212.1", "route add default via 10.76.213.2");
        assertThat(batches.get("jtl-ecmp-r3")).contains("addr add 10.76.3.2/24 dev to-r2a", "addr add 10.76.213.2/24 dev to-r2b",
                "route add 10.76.1.0/24 via 10.76.3.1", "route add 10.76.212.0/24 via 10.76.3.1",
                "route add fd00:76:1::/64 via fd00:76:3::1 src fd00:76:3::2");
        assertThat(Wiring.interfaces(t)).containsEntry("jtl-ecmp-r1", List.of("to-c", "to-r2a", "to-r2b"))
                .containsEntry("jtl-ecmp-r3", List.of("to-r2a", "to-r2b", "to-d"));
        assertThat(Wiring.nftScripts(t)).isEmpty();
    }

    @Test
    void behindTheNatNothingKnowsTheClientsSide() {
        Topology t = new Topology(Scenario.NAT, 5);
        assertThat(text(t.expectedHops())).as("a NAT does not change who answers")
                .containsExactly("10.78.1.2", "10.78.2.2", "10.78.3.2", "10.78.4.2", "10.78.5.2", "10.78.6.2");
        assertThat(Wiring.nftScripts(t)).containsOnlyKeys("jtl-nat-r2");
        assertThat(Wiring.nftScripts(t).get("jtl-nat-r2")).contains("table inet jtrace-nat", "oifname \"to-r3\" counter masquerade");
        Map<String, List<String>> batches = Wiring.namespaceBatches(t, "tag");
        assertThat(batches.get("jtl-nat-r2")).contains("route add 10.78.1.0/24 via 10.78.2.1");
        assertThat(batches.get("jtl-nat-r4")).contains("route add 10.78.3.0/24 via 10.78.4.1", "route add fd00:78:3::/64 via fd00:78:4::1")
                .noneMatch(l -> l.contains("10.78.1.0") || l.contains("10.78.2.0") || l.contains("fd00:78:1::") || l.contains("fd00:78:2::"));
        assertThat(batches.get("jtl-nat-r3")).noneMatch(l -> l.startsWith("route add 10.78.1.0"));
    }

    @Test
    void firewallFiltersAtTheDestinationOnly() {
        Topology t = new Topology(Scenario.FIREWALL, 5);
        assertThat(Wiring.nftScripts(t)).containsOnlyKeys("jtl-firewall-d");
        assertThat(Wiring.nftScripts(t).get("jtl-firewall-d")).contains("hook input", "meta l4proto udp drop",
                "icmp type echo-request drop", "icmpv6 type echo-request drop").doesNotContain("tcp");
        assertThat(Wiring.nftScripts(new Topology(Scenario.CHAIN, 5))).isEmpty();
        assertThat(text(t.expectedHops())).as("UDP and ICMP see the routers, then nothing")
                .containsExactly("10.81.1.2", "10.81.2.2", "10.81.3.2", "10.81.4.2", "10.81.5.2", "*");
        assertThat(Scenario.FIREWALL.destinationAnswersTcp()).isTrue();
        assertThat(Scenario.BLACKHOLE.destinationAnswersTcp()).isFalse();
    }

    @Test
    void mtuShrinksBothEndsOfTheLinkBehindRouter2() {
        Topology t = new Topology(Scenario.MTU, 5);
        assertThat(t.smallMtuLink()).isEqualTo(3);
        assertThat(Wiring.namespaceBatches(t, "t").get("jtl-mtu-r2")).contains("link set to-r3 mtu 1280");
        assertThat(Wiring.namespaceBatches(t, "t").get("jtl-mtu-r3")).contains("link set to-r2 mtu 1280");
        assertThat(Wiring.namespaceBatches(t, "t").get("jtl-mtu-r1")).noneMatch(l -> l.contains("mtu"));
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.MTU, 1), "t").get("jtl-mtu-d")).contains("link set to-r1 mtu 1280");
    }

    @Test
    void labExceptionsAreOneLine() {
        assertThat(new LabException("ip failed:\n  RTNETLINK answers: File exists\n").getMessage())
                .isEqualTo("ip failed: RTNETLINK answers: File exists");
    }
}
