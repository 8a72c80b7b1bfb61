package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL over IPv6, from a pipe in the lab's client: watch, trace and probe an IPv6 destination (short
 * addresses, traceroute -6's 80-byte packets, the raw method's IPv6 header as root), and lab trace -6.
 */
@Timeout(120)
class ReplIpv6Test {
    private static LabNetwork chain;
    private static java.nio.channels.FileLock labLock;
    @TempDir
    static Path home;

    @BeforeAll
    static void fresh() throws Exception {
        ReplRuns.assumeLab();
        labLock = ReplRuns.lockLabs();
        chain = Lab.up(Scenario.CHAIN);
    }

    @AfterAll
    static void down() throws Exception {
        if (chain != null) chain.close();
        ReplRuns.unlock(labLock);
    }

    @Test
    void watchTraceAndProbeAnIpv6Destination() throws Exception {
        ReplScript r = ReplScript.run(chain.client(), home, """
                watch -n -c 3 fd00:71:6::2
                trace -n -q 1 fd00:71:6::2
                probe fd00:71:6::2 1
                last json
                lab trace -6 -n -q 1
                """);
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();

        assertThat(r.out()).startsWith("watch fd00:71:6::2: udp, 3 rounds\n");
        List<ReplPipedTest.Row> rows = ReplPipedTest.rows(r.out());
        assertThat(rows).hasSize(6);
        for (int k = 1; k <= 6; k++) assertThat(rows.get(k - 1)).isEqualTo(new ReplPipedTest.Row(k, "fd00:71:" + k + "::2", "0.0%", 3));

        String trace = r.out().substring(r.out().indexOf("traceroute to"));
        assertThat(trace).startsWith("traceroute to fd00:71:6::2 (fd00:71:6::2), 30 hops max, 80 byte packets\n");
        for (int k = 1; k <= 6; k++) assertThat(trace).containsPattern("(?m)^ " + k + "  fd00:71:" + k + "::2  [0-9.]+ ms$");

        // As root, probe uses the raw method: our own IPv6 header, hop limit 1.
        String probe = r.out().substring(r.out().indexOf("TTL 1 to"));
        assertThat(probe).containsPattern("^TTL 1 to fd00:71:6::2 \\(raw\\): time exceeded from fd00:71:1::2 in [0-9.]+ ms\n")
                .contains("{\"target\": \"fd00:71:6::2\", \"ttl\": 1, \"method\": \"raw\", \"sent\": \"60 00 00 00 00 28 3a 01")
                .contains("\"reply\": {\"from\": \"fd00:71:1::2\", \"type\": 3, \"code\": 0,");

        String lab = r.out().substring(r.out().lastIndexOf("traceroute to"));
        assertThat(lab).startsWith("traceroute to dest.chain.lab (fd00:71:6::2), 30 hops max, 80 byte packets\n")
                .containsPattern("(?m)^ 6  fd00:71:6::2  [0-9.]+ ms$");
    }
}
