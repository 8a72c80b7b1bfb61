package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.packet.AddressText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jtrace command over IPv6, in a child JVM in the lab's client namespace: as an ordinary user
 * ({@link Lab#TEST_USER}: UDP and the ICMPv6 ping socket) across every scenario; a link-local destination
 * with its zone; and, as root, the choice between a name's IPv4 and IPv6 addresses, which must be
 * traceroute's (getaddrinfo's first answer, unless -4 or -6).
 */
@Timeout(120)
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class Ipv6CliTest {
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    private static CommandOutput jtraceAsUser(LabNetwork lab, String... args) {
        CommandOutput out = lab.runAs(cli.user(), cli.jtrace(args));
        System.out.printf("== %s as %s: jtrace %s -> exit %d%n%s%n%s%n", lab.scenario(), cli.user(), String.join(" ", args),
                out.exitCode(), String.join("\n", out.stdout()), out.stderr().isEmpty() ? "" : "stderr: " + String.join("\n", out.stderr()));
        return out;
    }

    static Stream<Arguments> everyScenarioWithoutPrivilege() {
        return LabRuns.singlePath().flatMap(s -> Stream.of("udp", "icmp").map(m -> Arguments.of(s, m)));
    }

    /** UDP without -6 (the address says IPv6), ICMP with -6 -I: the same exact route, 80-byte packets. */
    @ParameterizedTest(name = "{0} over IPv6 with {1}")
    @MethodSource("everyScenarioWithoutPrivilege")
    void anOrdinaryUserTracesEveryScenarioOverIpv6(Scenario scenario, String method) {
        try (LabNetwork lab = Lab.up(scenario)) {
            String dest = AddressText.of(lab.destination6());
            CommandOutput out = method.equals("icmp") ? jtraceAsUser(lab, "-n", "-6", "-I", dest) : jtraceAsUser(lab, "-n", dest);

            assertThat(out.exitCode()).as("exit status; stderr: %s", out.stderr()).isZero();
            assertThat(out.stderr()).as("stderr").isEmpty();
            TraceText text = TraceText.parse(out.stdout());
            List<InetAddress> expected = new ArrayList<>(lab.expectedHops6());
            if (scenario.destinationSilent()) expected.addAll(Collections.nCopies(4, null));
            assertThat(text.header()).isEqualTo("traceroute to " + dest + " (" + dest + "), 30 hops max, 80 byte packets");
            assertThat(text.route()).as("route").isEqualTo(Ipv6TraceTest.text(expected));
            assertThat(text.ttls()).isEqualTo(IntStream.rangeClosed(1, expected.size()).boxed().toList());
            switch (scenario) {
                case CHAIN, SILENT, NAT, MTU -> {
                    if (scenario == Scenario.SILENT) assertThat(text.rest()).as("after the hops: the silent router, called so after its re-probe")
                            .singleElement().asString().startsWith("note: hop " + lab.topology().silentRouter() + " stayed silent even to one more probe");
                    else assertThat(text.rest()).as("after the hops").isEmpty();
                    for (TraceText.Line hop : text.hops())
                        if (expected.get(hop.ttl() - 1) != null) assertThat(hop.answered()).as(hop.text()).isEqualTo(3);
                }
                case BLACKHOLE, FIREWALL -> assertThat(text.stopLines()).containsExactly(
                        "stopped after hop " + expected.size() + ": 5 silent hops in a row (gap limit; raise it with --gap)");
                case UNREACHABLE, PROHIBITED -> {
                    TraceText.Line last = text.hops().get(text.hops().size() - 1);
                    assertThat(last.answered()).isPositive();
                    assertThat(last.marks()).as(last.text()).hasSize(last.answered()).containsOnly(lab.expectedMark6());
                    assertThat(text.rest()).containsExactly("stopped at hop " + last.ttl() + ": " + last.address()
                            + " answered destination unreachable " + lab.expectedMark6());
                }
            }
        }
    }

    /**
     * A link-local destination needs its zone: fe80::2%to-r1 is router 1 seen from the client (the lab's
     * link-local addresses are fe80::1 and ::2 on every link). It answers the probe itself, at hop 1, and
     * is printed with its zone, as traceroute prints it.
     */
    @Test
    void aLinkLocalDestinationWithItsZone() {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            CommandOutput out = jtraceAsUser(lab, "-n", "fe80::2%to-r1");
            assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
            assertThat(out.stdout().get(0)).isEqualTo("traceroute to fe80::2%to-r1 (fe80::2%to-r1), 30 hops max, 80 byte packets");
            assertThat(out.stdout()).hasSize(2);
            assertThat(out.stdout().get(1)).matches(" 1  fe80::2%to-r1  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms");
        }
    }

    /**
     * {@code -i to-r1 fe80::2} is {@code fe80::2%to-r1}: the interface is the zone, and the hop prints with it, as
     * traceroute 2.1.2 prints it (issue 15), with and without names.
     */
    @Test
    void aLinkLocalDestinationWithMinusIPrintsItsZone() {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            for (boolean numeric : new boolean[] {true, false}) {
                List<String> args = new ArrayList<>(List.of("-q", "1", "-i", "to-r1", "fe80::2"));
                if (numeric) args.add(0, "-n");
                CommandOutput out = jtraceAsUser(lab, args.toArray(String[]::new));
                assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
                assertThat(out.stdout().get(0)).isEqualTo("traceroute to fe80::2 (fe80::2%to-r1), 30 hops max, 80 byte packets");
                assertThat(out.stdout().get(1)).matches(numeric ? " 1  fe80::2%to-r1  \\d+\\.\\d{3} ms"
                        : " 1  fe80::2%to-r1 \\(fe80::2%to-r1\\)  \\d+\\.\\d{3} ms");
            }
        }
    }

    /**
     * A name with both an IPv4 and an IPv6 address is traced where traceroute 2.1 traces it: at its IPv4
     * address (traceroute's default family) even when getaddrinfo lists the IPv6 one first, as glibc does
     * here; -6 and -4 choose. Each command runs as root in a private mount namespace whose /etc/hosts names
     * the lab's destination, with two /etc/gai.conf: glibc's defaults (IPv6 first), and one that puts IPv4 first.
     */
    @Test
    void aNameWithBothFamiliesIsTracedAtTheAddressTracerouteChooses() throws Exception {
        assumeTrue(LabRuns.which("traceroute") != null, "skipped: traceroute is not installed");
        assumeTrue(LabRuns.which("unshare") != null && Files.exists(Path.of("/etc/gai.conf")),
                "skipped: needs unshare(1) and an /etc/gai.conf to bind a private one over");
        Path dir = Files.createTempDirectory("jtrace-names-");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            String v4 = lab.destination().getHostAddress(), v6 = AddressText.of(lab.destination6());
            Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n" + v6 + " both.jtrace.test v6only.jtrace.test\n"
                    + v4 + " both.jtrace.test v4only.jtrace.test\n");
            Files.writeString(dir.resolve("system.conf"), "");  // glibc's built-in table (RFC 3484's): IPv6 before IPv4
            Files.writeString(dir.resolve("ipv4-first.conf"), "precedence ::ffff:0:0/96 100\nprecedence ::1/128 50\n"
                    + "precedence ::/0 40\n");
            for (String[] round : new String[][] {{"system.conf", v6}, {"ipv4-first.conf", v4}}) {
                String conf = round[0];
                Path gai = dir.resolve(conf);
                CommandOutput getent = withNames(lab, dir, gai, List.of("getent", "ahosts", "both.jtrace.test"));
                assertThat(getent.stdout().get(0)).as("getaddrinfo's first answer with %s", conf).startsWith(round[1] + " ");
                String traceroute = headerAddress(withNames(lab, dir, gai, List.of("traceroute", "-n", "-m", "1", "-q", "1", "both.jtrace.test")));
                String jtrace = headerAddress(withNames(lab, dir, gai, cli.jtrace("-n", "-m", "1", "-q", "1", "both.jtrace.test")));
                assertThat(traceroute).as("traceroute's choice with %s", conf).isEqualTo(v4);
                assertThat(jtrace).as("jtrace's choice with %s", conf).isEqualTo(traceroute);
                // -4 and -6 choose the family whatever the order.
                assertThat(headerAddress(withNames(lab, dir, gai, cli.jtrace("-n", "-m", "1", "-q", "1", "-6", "both.jtrace.test")))).isEqualTo(v6);
                assertThat(headerAddress(withNames(lab, dir, gai, cli.jtrace("-n", "-m", "1", "-q", "1", "-4", "both.jtrace.test")))).isEqualTo(v4);
            }
            CommandOutput none = withNames(lab, dir, dir.resolve("system.conf"), cli.jtrace("-n", "-6", "v4only.jtrace.test"));
            assertThat(none.exitCode()).isEqualTo(2);
            assertThat(none.stderr()).containsExactly("jtrace: 'v4only.jtrace.test' has no IPv6 address: drop -6");
            CommandOutput none4 = withNames(lab, dir, dir.resolve("system.conf"), cli.jtrace("-n", "-4", "v6only.jtrace.test"));
            assertThat(none4.exitCode()).isEqualTo(2);
            assertThat(none4.stderr()).containsExactly("jtrace: 'v6only.jtrace.test' has no IPv4 address: drop -4");
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** Runs {@code command} as root in the lab's client with our hosts and gai.conf bound over the system's, in a private mount namespace. */
    private static CommandOutput withNames(LabNetwork lab, Path dir, Path gaiConf, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(LabRuns.which("unshare"), "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" /etc/gai.conf && shift 2 && exec \"$@\"",
                "sh", dir.resolve("hosts").toString(), gaiConf.toString(), LabRuns.which("ip"), "netns", "exec", lab.client()));
        full.addAll(command);
        Process p = new ProcessBuilder(full).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        System.out.printf("== %s with %s -> exit %d%n%s%s%n", String.join(" ", command.subList(Math.max(0, command.size() - 7), command.size())),
                gaiConf.getFileName(), status, out, err);
        return new CommandOutput(full, status, out.lines().toList(), err.lines().toList());
    }

    /** "traceroute to both.jtrace.test (10.71.2.2), ..." → "10.71.2.2". */
    private static String headerAddress(CommandOutput out) {
        assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
        String header = out.stdout().get(0);
        assertThat(header).startsWith("traceroute to both.jtrace.test (");
        return header.substring(header.indexOf('(') + 1, header.indexOf(')'));
    }
}
