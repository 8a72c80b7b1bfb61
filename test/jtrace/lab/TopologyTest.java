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
        return hops.stream().map(a -> a == null ? "*" : a.getHostAddress()).toList();
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
                .collect(Collectors.toMap(e -> e.getKey().getHostAddress(), Map.Entry::getValue));
        assertThat(byText).containsEntry("10.71.1.1", "client.chain.lab").containsEntry("10.71.1.2", "r1.chain.lab")
                .containsEntry("10.71.2.1", "r1.chain.lab").containsEntry("10.71.2.2", "r2.chain.lab")
                .containsEntry("10.71.3.1", "r2.chain.lab").containsEntry("10.71.3.2", "dest.chain.lab").hasSize(6);
    }

    @Test
    void routerCountIsCheckedWithAOneLineMessage() {
        assertThatThrownBy(() -> new Topology(Scenario.CHAIN, 0)).isInstanceOf(LabException.class)
                .hasMessage("the lab takes 1 to 64 routers, not 0");
        assertThatThrownBy(() -> Scenario.parse("loop")).hasMessage(
                "unknown lab scenario 'loop': choose one of chain, silent, blackhole, unreachable, prohibited");
        assertThat(Scenario.parse(" Silent ")).isEqualTo(Scenario.SILENT);
    }

    @Test
    void wiringBuildsEverythingInsideTheNamespaces() {
        Topology t = new Topology(Scenario.UNREACHABLE, 2);
        assertThat(Wiring.hostBatch(t)).contains(
                "netns add jtl-unreachable-c",
                "link add to-r1 netns jtl-unreachable-c type veth peer name to-c netns jtl-unreachable-r1",
                "link add to-d netns jtl-unreachable-r2 type veth peer name to-r2 netns jtl-unreachable-d",
                "netns exec jtl-unreachable-r2 sh -c \"echo 1 > /proc/sys/net/ipv4/ip_forward\"",
                "netns exec jtl-unreachable-c sh -c \"echo 0 2147483647 > /proc/sys/net/ipv4/ping_group_range\"");
        Map<String, List<String>> batches = Wiring.namespaceBatches(t, "tag");
        assertThat(batches.get("jtl-unreachable-c")).contains("addr add 10.74.1.1/24 dev to-r1",
                "route add default via 10.74.1.2", "link set to-r1 alias tag");
        assertThat(batches.get("jtl-unreachable-r2")).contains("addr add 10.74.2.2/24 dev to-r1",
                "addr add 10.74.3.1/24 dev to-d", "route add 10.74.1.0/24 via 10.74.2.1", "route add unreachable 10.74.3.2/32");
        assertThat(batches.get("jtl-unreachable-d")).contains("route add default via 10.74.3.1");
    }

    @Test
    void silentAndBlackholeNeedOnlyPolicyRules() {
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.SILENT, 5), "t").get("jtl-silent-r3"))
                .contains("rule add pref 100 iif lo ipproto icmp blackhole");
        assertThat(Wiring.namespaceBatches(new Topology(Scenario.BLACKHOLE, 5), "t").get("jtl-blackhole-d"))
                .contains("rule add pref 100 iif lo blackhole");
    }

    @Test
    void labExceptionsAreOneLine() {
        assertThat(new LabException("ip failed:\n  RTNETLINK answers: File exists\n").getMessage())
                .isEqualTo("ip failed: RTNETLINK answers: File exists");
    }
}
