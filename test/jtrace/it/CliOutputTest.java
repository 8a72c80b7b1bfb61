package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.IntStream;

import jtrace.Options;
import jtrace.cli.Main;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.LabStatus;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code jtrace lab trace SCENARIO -n}, run in this JVM through {@link Main#run}: traceroute's header, one line
 * per hop in order with the right address, and the line that says why a trace stopped early. Each case first
 * builds a fresh lab, which {@code lab trace} attaches to (full ICMP token buckets: a deterministic trace).
 */
@Timeout(120)  // a hung trace must not hang CI; each case takes seconds
@ExtendWith(LabLock.class)  // one lab test at a time on this machine
class CliOutputTest {
    record Run(int status, String out, String err) {}

    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    static Run jtrace(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        long start = System.nanoTime();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.printf("== jtrace %s -> exit %d in %d ms%n%s%s", String.join(" ", args), status,
                (System.nanoTime() - start) / 1_000_000, out, err.toString().isEmpty() ? "" : "stderr: " + err);
        return new Run(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"ECMP", "WIDE"}, mode = EnumSource.Mode.EXCLUDE)  // one route each
    void labTracePrintsTracerouteLinesForEveryHop(Scenario scenario) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            Run run = LabRuns.guarded(lab, () -> jtrace("lab", "trace", scenario.label(), "-n"));
            assertThat(run.status()).as("exit status; stderr: %s", run.err()).isZero();
            assertThat(run.err()).isEmpty();

            TraceText text = TraceText.parse(run.out());
            String dest = lab.destination().getHostAddress();
            List<InetAddress> expected = LabRuns.expectedRoute(lab, Options.defaults());
            assertThat(run.out()).startsWith(text.header() + "\n");
            assertThat(text.header()).isEqualTo("traceroute to " + lab.names().get(lab.destination()) + " (" + dest
                    + "), 30 hops max, 60 byte packets");
            assertThat(text.ttls()).isEqualTo(IntStream.rangeClosed(1, expected.size()).boxed().toList());
            assertThat(text.route()).isEqualTo(LabRuns.text(expected));
            for (TraceText.Line hop : text.hops()) {
                assertThat(hop.text()).as("-n: no names").doesNotContain(".lab");
                assertThat(hop.text()).matches(String.format("^%2d  .*", hop.ttl()));
                InetAddress want = expected.get(hop.ttl() - 1);
                if (want == null) assertThat(hop.answered()).as(hop.text()).isZero();
                else assertThat(hop.addresses()).as(hop.text()).containsExactly(want.getHostAddress());
            }

            TraceText.Line last = text.hops().get(text.hops().size() - 1);
            switch (scenario) {
                case CHAIN, SILENT, NAT, MTU -> {
                    assertThat(last.address()).isEqualTo(dest);
                    assertThat(text.stopLines()).as("no stop line after reaching the destination").isEmpty();
                    if (scenario == Scenario.NAT) assertThat(text.notes()).as("as root, Dublin's test finds router 2's masquerade")
                            .singleElement().asString().startsWith("note: hop 3 [NAT]: ");
                    else if (scenario != Scenario.SILENT) assertThat(text.notes()).as("notes on a fresh chain").isEmpty();
                }
                case MPLS -> {
                    assertThat(last.address()).isEqualTo(dest);
                    // Our responder's quotes carry complete checksums, the routers before it veth's partial ones: no NAT.
                    assertThat(text.notes()).as("no NAT in front of the MPLS core").noneMatch(n -> n.contains("[NAT]"));
                }
                case BLACKHOLE, FIREWALL -> {
                    assertThat(text.rest()).as("the stop line comes first, notes after").first()
                            .isEqualTo("stopped after hop 10: 5 silent hops in a row (gap limit; raise it with --gap)");
                    assertThat(text.stopLines()).hasSize(1);
                }
                case UNREACHABLE, PROHIBITED -> {
                    assertThat(last.answered()).isPositive();
                    assertThat(last.marks()).as(last.text()).hasSize(last.answered()).containsOnly(lab.expectedMark());
                    assertThat(last.text()).matches("^ 2  " + last.address().replace(".", "\\.") + "  [0-9.]+ ms "
                            + lab.expectedMark() + ".*");
                    assertThat(text.rest()).first().isEqualTo("stopped at hop 2: " + lab.expectedHops().get(1).getHostAddress()
                            + " answered destination unreachable " + lab.expectedMark());
                    assertThat(text.stopLines()).hasSize(1);
                }
            }
        }
    }

    @Test
    void labTraceWithoutMinusNShowsTheLabsNames() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Run run = LabRuns.guarded(lab, () -> jtrace("lab", "trace", "chain"));
            assertThat(run.status()).isZero();
            List<String> hops = TraceText.parse(run.out()).hops().stream().map(TraceText.Line::text).toList();
            assertThat(hops).hasSize(6);
            for (int k = 1; k <= 5; k++)
                assertThat(hops.get(k - 1)).startsWith(String.format("%2d  r%d.chain.lab (10.71.%d.2)  ", k, k, k));
            assertThat(hops.get(5)).startsWith(" 6  dest.chain.lab (10.71.6.2)  ");
        }
    }

    @Test
    void labTraceWithNoLabUpBuildsOneAndRemovesIt() {
        Lab.down(Scenario.CHAIN);
        Run run = jtrace("lab", "trace", "-n");  // chain is the default scenario
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(TraceText.parse(run.out()).route())
                .containsExactly("10.71.1.2", "10.71.2.2", "10.71.3.2", "10.71.4.2", "10.71.5.2", "10.71.6.2");
        assertThat(Lab.list()).extracting(LabStatus::scenario).doesNotContain(Scenario.CHAIN);
    }

    /** The README's first command must not take away a lab the user built (and may be using from a shell). */
    @Test
    @Timeout(300)
    void labWithoutAnActionLeavesALabThatWasUpAloneAndSaysSo() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 3)) {
            String owner = LabRuns.ownerTag(lab);
            Run run = jtrace("lab");
            assertThat(run.status()).as(run.err()).isZero();
            LabRuns.assertStillOurs(lab, owner);
            assertThat(Lab.list()).filteredOn(s -> s.scenario() == Scenario.CHAIN).singleElement()
                    .satisfies(s -> assertThat(s.routers()).isEqualTo(3));
            assertThat(run.out()).contains("== chain: every router and the destination answer (in the lab that is up; it stays up)",
                    "traced and left up (they were up before): chain",
                    "built, traced and removed: " + java.util.Arrays.stream(Scenario.values()).filter(s -> s != Scenario.CHAIN)
                            .map(Scenario::label).collect(java.util.stream.Collectors.joining(", ")));
            assertThat(TraceText.parse(run.out().substring(0, run.out().indexOf("== silent"))).route())
                    .as("the 3-router lab that was up, not a new one").containsExactly("10.71.1.2", "10.71.2.2", "10.71.3.2", "10.71.4.2");
            assertThat(Lab.list()).extracting(LabStatus::scenario).containsExactly(Scenario.CHAIN);
        }
    }

    /** lab down says what it removed, or that there was nothing (issue 15). */
    @Test
    void labDownSaysWhatItRemoved() {
        Lab.up(Scenario.CHAIN, 2).keepAfterExit();
        Run down = jtrace("lab", "down", "chain");
        assertThat(down.status()).as(down.err()).isZero();
        assertThat(down.out()).isEqualTo("removed 4 namespaces: jtl-chain-c jtl-chain-d jtl-chain-r1 jtl-chain-r2\n");
        Run again = jtrace("lab", "down", "chain");
        assertThat(again.out()).isEqualTo("nothing to remove: no chain lab was up (jtrace lab list shows what is up)\n");
        assertThat(Lab.list()).extracting(LabStatus::scenario).doesNotContain(Scenario.CHAIN);
    }

    /**
     * --raw packets are never fragmented: one longer than the route's MTU (the lab's veths: 1500) is refused in one
     * line before the header, not after it with sendto's EMSGSIZE (issue 15); one that fits is traced.
     */
    @Test
    void rawPacketsLongerThanTheRouteMtuAreRefusedBeforeTheHeader() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 1)) {
            Run tooLong = lab.inClient(() -> jtrace("--raw", "-n", "10.71.2.2", "2000"));
            assertThat(tooLong.status()).isEqualTo(2);
            assertThat(tooLong.out()).isEmpty();
            assertThat(tooLong.err()).isEqualTo("jtrace: packet length 2000 is more than the MTU of the way to 10.71.2.2 (1500):"
                    + " --raw sends hand-built packets, which are never fragmented; give at most 1500, or use -U or -I,"
                    + " whose packets the kernel fragments\n");
            Run fits = lab.inClient(() -> jtrace("--raw", "-n", "-q", "1", "10.71.2.2", "1500"));
            assertThat(fits.status()).as(fits.err()).isZero();
            assertThat(TraceText.parse(fits.out()).route()).containsExactly("10.71.1.2", "10.71.2.2");
        }
    }
}
