package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jtrace command as an ordinary user ({@link Lab#TEST_USER}) in the lab's client namespace, in a child
 * JVM: UDP and ICMP (ping socket: the client's ping_group_range admits everyone) trace every scenario
 * exactly; --raw, and -I where ping_group_range excludes the user, fail with one line naming what works.
 */
@Timeout(120)  // a hung trace must not hang CI; each case takes seconds
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class UnprivilegedTraceTest {
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    static Stream<Arguments> everyScenarioWithoutPrivilege() {
        return LabRuns.singlePath().flatMap(s -> Stream.of(Method.UDP, Method.ICMP).map(m -> Arguments.of(s, m)));
    }

    private static CommandOutput jtraceAsUser(LabNetwork lab, String... args) throws Exception {
        long start = System.nanoTime();
        CommandOutput out = LabRuns.guarded(lab, () -> lab.runAs(cli.user(), cli.jtrace(args)));
        System.out.printf("== %s as %s: jtrace %s -> exit %d in %d ms%n%s%n%s%n", lab.scenario(), cli.user(), String.join(" ", args),
                out.exitCode(), (System.nanoTime() - start) / 1_000_000, String.join("\n", out.stdout()),
                out.stderr().isEmpty() ? "" : "stderr: " + String.join("\n", out.stderr()));
        return out;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyScenarioWithoutPrivilege")
    void anOrdinaryUserTracesEveryScenario(Scenario scenario, Method method) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            String dest = lab.destination().getHostAddress();
            CommandOutput out = method == Method.ICMP ? jtraceAsUser(lab, "-n", "-I", dest) : jtraceAsUser(lab, "-n", dest);

            assertThat(out.exitCode()).as("exit status; stderr: %s", out.stderr()).isZero();
            assertThat(out.stderr()).as("stderr").isEmpty();
            TraceText text = TraceText.parse(out.stdout());
            Options o = Options.defaults();
            List<InetAddress> expected = LabRuns.expectedRoute(lab, o);
            assertThat(text.header()).isEqualTo("traceroute to " + dest + " (" + dest + "), 30 hops max, 60 byte packets");
            assertThat(text.route()).as("route").isEqualTo(LabRuns.text(expected));
            assertThat(text.ttls()).as("hop numbers").isEqualTo(ttls(expected.size()));
            for (TraceText.Line hop : text.hops()) {
                InetAddress want = expected.get(hop.ttl() - 1);
                if (want != null) assertThat(hop.addresses()).as("hop %d: %s", hop.ttl(), hop.text()).containsExactly(want.getHostAddress());
            }
            switch (scenario) {
                case CHAIN, SILENT, NAT, MTU -> {
                    assertThat(text.stopLines()).as("no stop line after reaching the destination").isEmpty();
                    if (scenario != Scenario.SILENT) assertThat(text.notes()).as("notes on a fresh chain").isEmpty();
                    for (TraceText.Line hop : text.hops())
                        if (expected.get(hop.ttl() - 1) != null)
                            assertThat(hop.answered()).as("answers at hop %d: %s", hop.ttl(), hop.text()).isEqualTo(3);
                }
                case BLACKHOLE, FIREWALL -> {
                    assertThat(text.rest()).as("the stop line comes first, notes after").first().isEqualTo(
                            "stopped after hop " + expected.size() + ": 5 silent hops in a row (gap limit; raise it with --gap)");
                    assertThat(text.stopLines()).hasSize(1);
                }
                case UNREACHABLE, PROHIBITED -> {
                    TraceText.Line last = text.hops().get(text.hops().size() - 1);
                    assertThat(last.answered()).isPositive();
                    assertThat(last.marks()).as(last.text()).hasSize(last.answered()).containsOnly(lab.expectedMark());
                    assertThat(text.rest()).first().isEqualTo("stopped at hop " + last.ttl() + ": " + last.address()
                            + " answered destination unreachable " + lab.expectedMark());
                    assertThat(text.stopLines()).hasSize(1);
                }
            }
        }
    }

    @Test
    void rawIsRefusedInOneLineThatNamesTheMethodThatWorks() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            CommandOutput out = jtraceAsUser(lab, "-n", "--raw", lab.destination().getHostAddress());
            assertThat(out.exitCode()).isEqualTo(1);
            assertThat(out.stdout()).as("stdout").isEmpty();
            assertThat(out.stderr()).singleElement().asString()
                    .startsWith("jtrace: --raw needs root or CAP_NET_RAW")
                    .contains("the default UDP method, which works for any user")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void icmpOutsidePingGroupRangeIsRefusedInOneLineNamingItAndUdp() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            List<String> range = lab.exec("cat", "/proc/sys/net/ipv4/ping_group_range");
            lab.exec("sh", "-c", "echo 1 0 > /proc/sys/net/ipv4/ping_group_range");
            try {
                CommandOutput out = jtraceAsUser(lab, "-n", "-I", lab.destination().getHostAddress());
                assertThat(out.exitCode()).isEqualTo(1);
                assertThat(out.stdout()).as("stdout").isEmpty();
                assertThat(out.stderr()).singleElement().asString()
                        .startsWith("jtrace: -I needs a ping socket or a raw socket")
                        .contains("net.ipv4.ping_group_range (1 0)", "the default UDP method, which works for any user")
                        .doesNotContain("Exception", "\tat ");
            } finally {
                lab.exec("sh", "-c", "echo '" + String.join(" ", range.get(0).split("\\s+")) + "' > /proc/sys/net/ipv4/ping_group_range");
            }
            assertThat(lab.exec("cat", "/proc/sys/net/ipv4/ping_group_range")).isEqualTo(range);
        }
    }

    private static List<Integer> ttls(int n) {
        List<Integer> ttls = new ArrayList<>();
        for (int t = 1; t <= n; t++) ttls.add(t);
        return ttls;
    }
}
