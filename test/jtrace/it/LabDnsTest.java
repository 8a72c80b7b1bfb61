package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtrace.lab.Lab;
import jtrace.lab.LabDns;
import jtrace.lab.LabStatus;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code jtrace lab --dns}: the lab's own DNS server (dnsmasq in the client namespace) gives the traces the lab runs
 * their names and, with -A, origin ASes; {@code lab up --dns} leaves it serving {@code ip netns exec} in the client
 * namespace; removing the lab stops it — no dnsmasq, no /etc/netns entry, no namespace left.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class LabDnsTest {
    static final String CLIENT = "jtl-chain-c";

    @BeforeAll
    static void needsTheLabAndDnsmasq() {
        LabRuns.assumeLabAvailable();
        assumeTrue(LabRuns.which("dnsmasq") != null, "skipped: dnsmasq is not installed (.ci/run installs dnsmasq-base)");
    }

    @AfterEach
    void removeTheLab() { Lab.down(Scenario.CHAIN); }

    @Test
    void labTraceWithDnsShowsNamesAndOriginsFromTheLabServerThenStopsIt() throws Exception {
        Lab.down(Scenario.CHAIN);  // built for the trace, so the command owns (and removes) it
        CliOutputTest.Run run = CliOutputTest.jtrace("lab", "trace", "chain", "--dns", "-A", "-q", "1");
        assertThat(run.status()).as("stderr: %s", run.err()).isZero();
        List<String> hops = run.out().lines().skip(1).toList();
        assertThat(hops).hasSize(6);
        for (int k = 1; k <= 6; k++) {
            String name = k == 6 ? "dest.chain.lab" : "r" + k + ".chain.lab";
            // Names come only from the server (the lab's own table is not used with --dns), origins too: links 1-3
            // are 10.71.0.0/22, AS64501; links 4-6 10.71.4.0/22, AS64502.
            assertThat(hops.get(k - 1)).startsWith(String.format("%2d  %s (10.71.%d.2) [AS%d]  ", k, name, k, k <= 3 ? 64501 : 64502));
        }
        assertNothingLeft();
    }

    @Test
    void labUpWithDnsServesTheClientNamespaceUntilLabDown() throws Exception {
        CliOutputTest.Run up = CliOutputTest.jtrace("lab", "up", "chain", "--dns");
        assertThat(up.status()).as("stderr: %s", up.err()).isZero();
        assertThat(up.out()).contains("ip netns exec " + CLIENT + " jtrace -A 10.71.6.2");
        assertThat(LabDns.running(CLIENT)).isTrue();
        // What a user's shell in the namespace resolves: glibc through /etc/netns/jtl-chain-c/resolv.conf.
        assertThat(output(List.of(LabRuns.which("ip"), "netns", "exec", CLIENT, "getent", "hosts", "10.71.3.2")))
                .contains("r3.chain.lab");
        assertThat(output(List.of(LabRuns.which("ip"), "netns", "exec", CLIENT, "getent", "ahostsv4", "dest.chain.lab")))
                .contains("10.71.6.2");

        CliOutputTest.Run down = CliOutputTest.jtrace("lab", "down", "chain");
        assertThat(down.status()).as("stderr: %s", down.err()).isZero();
        assertNothingLeft();
    }

    @Test
    void asOriginsInTheLabNeedItsDnsServer() {
        CliOutputTest.Run run = CliOutputTest.jtrace("lab", "trace", "chain", "-A");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("jtrace: -A in the lab needs its DNS server: jtrace lab trace --dns -A"
                + " (the lab cannot reach Team Cymru)");
        assertThat(Lab.list()).extracting(LabStatus::scenario).doesNotContain(Scenario.CHAIN);  // refused before building
    }

    private static String output(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** No lab, no DNS server in it, no resolver file for it. */
    private static void assertNothingLeft() throws Exception {
        assertThat(Lab.list()).extracting(LabStatus::scenario).doesNotContain(Scenario.CHAIN);
        assertThat(LabDns.running(CLIENT)).isFalse();
        assertThat(Path.of("/etc/netns", CLIENT)).doesNotExist();
        // No dnsmasq of ours anywhere: its command line names our pid file.
        try (var procs = Files.list(Path.of("/proc"))) {
            List<String> ours = procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).map(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                } catch (Exception gone) {
                    return "";
                }
            }).filter(c -> c.contains("dnsmasq") && c.contains(CLIENT + "-dnsmasq.pid")).toList();
            assertThat(ours).isEmpty();
        }
    }
}
