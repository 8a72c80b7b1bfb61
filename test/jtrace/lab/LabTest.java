package jtrace.lab;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Builds real labs. Needs root and iproute2 (skipped otherwise); the traceroute checks need Debian's
 * traceroute. Waits between labs are unnecessary: each test builds its own, with fresh rate limiters.
 */
@Timeout(60)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class LabTest {
    @BeforeAll
    static void needsRoot() {
        assumeTrue(Commands.isRoot(), "skipped: the lab tests need root (run mvn test with sudo)");
        assumeTrue(Commands.find("ip").isPresent(), "skipped: the lab tests need iproute2 (ip)");
    }

    @AfterAll
    static void nothingLeft() {
        if (!Commands.isRoot()) return;
        for (Scenario s : Scenario.values()) {
            assertThat(Namespaces.existing(Topology.namespacePrefix(s))).as("namespaces of %s left behind", s).isEmpty();
        }
    }

    /** As traceroute prints them: "*" for a silent hop, IPv6 compressed. */
    private static List<String> text(List<InetAddress> hops) {
        return hops.stream().map(a -> a == null ? "*" : jtrace.packet.AddressText.of(a)).toList();
    }

    /**
     * Both families on one lab: IPv4 and IPv6 errors have separate rate limiters, so the IPv6 trace right
     * after the IPv4 one finds full buckets.
     */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void tracerouteShowsTheExpectedHopsInBothFamilies(Scenario scenario) {
        assumeTrue(Traceroute.installed(), "skipped: traceroute is not installed (apt-get install traceroute)");
        try (LabNetwork lab = Lab.up(scenario, 5)) {
            for (int family : new int[] {4, 6}) {
                Traceroute trace = Traceroute.run(lab, family);
                System.out.printf("%s -%d: %s %s (built in %d ms)%n", scenario, family, trace.hops(), trace.mark(), lab.buildTime().toMillis());
                List<java.util.Set<InetAddress>> expected = lab.expectedHopSets(family);
                assertThat(trace.hops()).as("traceroute -%d", family).hasSize(expected.size());
                // One probe per hop: at a diamond, whichever of its routers the probe met.
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(trace.hops().get(i)).as("hop %d of traceroute -%d", i + 1, family)
                            .isIn(expected.get(i).isEmpty() ? List.of("*") : expected.get(i).stream().map(jtrace.packet.AddressText::of).toList());
                }
                assertThat(trace.mark()).as("traceroute -%d", family).isEqualTo(lab.expectedMark(family));
            }
        }
    }

    @Test
    void aFiveRouterChainComesUpInUnderASecond() {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 5)) {
            assertThat(lab.buildTime()).isLessThan(java.time.Duration.ofSeconds(1));
        }
    }

    @Test
    void closeLeavesNothing() {
        LabNetwork lab = Lab.up(Scenario.CHAIN, 3);
        assertThat(Namespaces.existing("jtl-chain-")).containsExactlyInAnyOrderElementsOf(lab.namespaces());
        lab.close();
        assertThat(Namespaces.existing("jtl-chain-")).isEmpty();
        lab.close(); // twice is harmless
    }

    @Test
    void downOfOneScenarioLeavesTheOthers() {
        try (LabNetwork chain = Lab.up(Scenario.CHAIN, 2); LabNetwork silent = Lab.up(Scenario.SILENT, 2)) {
            Lab.down(Scenario.CHAIN);
            assertThat(Namespaces.existing("jtl-chain-")).isEmpty();
            assertThat(Namespaces.existing("jtl-silent-")).hasSize(4);
        }
    }

    @Test
    void scenariosCoexist() {
        assumeTrue(Traceroute.installed(), "skipped: traceroute is not installed");
        try (LabNetwork chain = Lab.up(Scenario.CHAIN, 3); LabNetwork silent = Lab.up(Scenario.SILENT, 3)) {
            assertThat(Traceroute.run(chain).hops()).isEqualTo(text(chain.expectedHops()));
            assertThat(Traceroute.run(silent).hops()).isEqualTo(text(silent.expectedHops()));
            assertThat(Lab.list()).extracting(LabStatus::scenario).contains(Scenario.CHAIN, Scenario.SILENT);
        }
    }

    @Test
    void upRemovesLeftoversOfACrashedRun() {
        // What a killed run with more routers leaves: some namespaces and no owner.
        Commands.run(List.of(Commands.ip(), "-batch", "-"), "netns add jtl-blackhole-c\nnetns add jtl-blackhole-r7\n").stdoutOrThrow();
        assertThat(Lab.list()).filteredOn(s -> s.scenario() == Scenario.BLACKHOLE).singleElement()
                .satisfies(s -> assertThat(s.complete()).isFalse());
        try (LabNetwork lab = Lab.up(Scenario.BLACKHOLE, 2)) {
            assertThat(Namespaces.existing("jtl-blackhole-")).containsExactlyInAnyOrderElementsOf(lab.namespaces());
            assertThat(Lab.list()).filteredOn(s -> s.scenario() == Scenario.BLACKHOLE).singleElement().satisfies(s -> {
                assertThat(s.complete()).isTrue();
                assertThat(s.routers()).isEqualTo(2);
                assertThat(s.owner()).hasValue(ProcessHandle.current().pid());
                assertThat(s.describe()).startsWith("blackhole: 2 routers, trace 10.73.3.2 or fd00:73:3::2 from jtl-blackhole-c (built by pid");
            });
        }
    }

    @Test
    void downRemovesEveryLabNamespace() {
        assumeTrue(Namespaces.existing(Topology.PREFIX).isEmpty(), "skipped: another lab is up and Lab.down() would remove it");
        Commands.run(List.of(Commands.ip(), "netns", "add", "jtl-stray"), null).stdoutOrThrow();
        try (LabNetwork lab = Lab.up(Scenario.PROHIBITED, 1)) {
            Lab.down();
            assertThat(Namespaces.existing(Topology.PREFIX)).isEmpty();
        } finally {
            Namespaces.delete(Namespaces.existing("jtl-stray"));  // even when the test fails, leave nothing behind
        }
    }

    @Test
    void aBuildInterruptedBeforeItsTagIsStillRemoved() {
        Topology topology = new Topology(Scenario.SILENT, 1);
        Commands.run(List.of(Commands.ip(), "-batch", "-"), String.join("\n", Wiring.hostBatch(topology)) + "\n").stdoutOrThrow();
        assertThat(new Build(topology, "jtrace-lab:pid=1:id=00").namespacesStillOurs()).isEqualTo(topology.namespaces());
        Lab.down(Scenario.SILENT);
    }

    @Test
    void aLabReplacedByAnotherUpIsNotRemovedByTheStaleHandle() {
        LabNetwork first = Lab.up(Scenario.CHAIN, 1);
        try (LabNetwork second = Lab.up(Scenario.CHAIN, 1)) {
            first.close();
            assertThat(Namespaces.existing("jtl-chain-")).containsExactlyInAnyOrderElementsOf(second.namespaces());
        }
    }

    @Test
    void inClientRunsInsideTheClientNamespace() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            Object inode = Files.getAttribute(Namespaces.RUN_DIR.resolve(lab.client()), "unix:ino");
            String inside = lab.inClient(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            assertThat(inside).isEqualTo("net:[" + inode + "]");
            // The client's address exists only in its namespace: binding to it works there and nowhere else.
            InetSocketAddress clientPort = new InetSocketAddress(lab.clientAddress(), 0);
            assertThat(lab.inClient(() -> {
                try (DatagramSocket socket = new DatagramSocket(clientPort)) {
                    return socket.getLocalAddress();
                }
            })).isEqualTo(lab.clientAddress());
            assertThatThrownBy(() -> new DatagramSocket(clientPort).close()).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void inClientPassesTheBodysExceptionThrough() {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            assertThatThrownBy(() -> lab.inClient(() -> { throw new java.io.IOException("no route"); }))
                    .isInstanceOf(java.io.IOException.class).hasMessage("no route");
        }
    }

    @Test
    void commandsRunInTheClientAsRootOrAsAPlainUser() {
        String user = Lab.ensureUser(Lab.TEST_USER);
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            assertThat(lab.exec("ip", "-4", "-o", "addr", "show", "dev", "to-r1")).singleElement().asString().contains("10.71.1.1/24");
            assertThat(lab.execAs(user, "id", "-u")).singleElement().isNotEqualTo("0");
            // Any user may open ICMP ping sockets in the client: what the unprivileged ICMP method needs.
            assertThat(lab.execAs(user, "cat", "/proc/sys/net/ipv4/ping_group_range")).containsExactly("0\t2147483647");
            assertThatThrownBy(() -> lab.exec("false")).isInstanceOf(LabException.class).hasMessageContaining("false failed (exit 1)");
            assertThat(lab.run(List.of("sh", "-c", "echo oops >&2; exit 3"))).satisfies(out -> {
                assertThat(out.exitCode()).isEqualTo(3);
                assertThat(out.stderr()).containsExactly("oops");
            });
        }
    }

    @Test
    void attachBorrowsARunningLab() {
        try (LabNetwork lab = Lab.up(Scenario.UNREACHABLE, 3)) {
            LabNetwork borrowed = Lab.attach(Scenario.UNREACHABLE).orElseThrow();
            assertThat(borrowed.destination()).isEqualTo(lab.destination());
            assertThat(borrowed.expectedHops()).isEqualTo(lab.expectedHops());
            borrowed.close();
            assertThat(Namespaces.existing("jtl-unreachable-")).hasSize(5);
        }
        assertThat(Lab.attach(Scenario.UNREACHABLE)).isEmpty();
    }
}
