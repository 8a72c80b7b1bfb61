package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL reading commands from a pipe, in the lab: the same commands as at the prompt, output with no escape
 * codes, errors on stderr in one line each, and the exit status of the last failure. Each lab is fresh, and
 * each script watches before it traces: a trace just before would have spent the destination's ICMP budget.
 */
@Timeout(120)  // a hung REPL must not hang CI; each test takes seconds
class ReplPipedTest {
    private static final Pattern ROW = Pattern.compile("(?m)^ +(\\d+)\\. (.+?) +([0-9.]+%|--) +(\\d+)( +[0-9. ]+)?$");
    private static LabNetwork chain, silent;
    private static java.nio.channels.FileLock labLock;
    @TempDir
    static Path home;

    @BeforeAll
    static void fresh() throws Exception {
        ReplRuns.assumeLab();
        labLock = ReplRuns.lockLabs();
        chain = Lab.up(Scenario.CHAIN);
        silent = Lab.up(Scenario.SILENT);
    }

    @AfterAll
    static void down() throws Exception {
        if (chain != null) chain.close();
        if (silent != null) silent.close();
        ReplRuns.unlock(labLock);
    }

    record Row(int ttl, String host, String loss, int sent) {}

    static List<Row> rows(String text) {
        Matcher m = ROW.matcher(text);
        return m.results().map(r -> new Row(Integer.parseInt(r.group(1)), r.group(2).strip(), r.group(3),
                Integer.parseInt(r.group(4)))).toList();
    }

    @Test
    void aScriptInTheLabClient() throws Exception {
        ReplScript r = ReplScript.run(chain.client(), home, """
                # comments and blank lines are skipped

                watch -n -c 3 10.71.6.2
                last json
                trace -n -q 1 10.71.6.2
                trace --bogus 10.71.6.2
                set queries 2
                show queries
                probe 10.71.6.2 1
                last json
                """);
        assertThat(r.out() + r.err()).as("no escape codes in a pipe").doesNotContain("\u001b");
        assertThat(r.err()).isEqualTo("jtrace: Unknown option: '--bogus' (see 'help trace')\n");
        assertThat(r.status()).as("the last failure's status: usage").isEqualTo(2);

        assertThat(r.out()).startsWith("watch 10.71.6.2: udp, 3 rounds\n"
                + "  Host                 Loss%   Snt    Last     Avg    Best    Wrst   StDev    Jttr    Javg\n");
        List<Row> rows = rows(r.out());
        assertThat(rows).hasSize(6);
        for (int k = 1; k <= 6; k++) assertThat(rows.get(k - 1)).isEqualTo(new Row(k, "10.71." + k + ".2", "0.0%", 3));
        assertThat(r.out()).contains("{\"report\": {\"mtr\": {\"dst\": \"10.71.6.2\", \"dst_addr\": \"10.71.6.2\", \"proto\": \"udp\", \"tests\": 3, \"stop\": \"reached\"}, \"hubs\": [")
                .contains("{\"count\": 6, \"host\": \"10.71.6.2\", \"addr\": \"10.71.6.2\", \"kind\": \"answers\", \"Loss%\": 0.000, \"Snt\": 3, \"Rcv\": 3,");

        String trace = r.out().substring(r.out().indexOf("traceroute to"));
        assertThat(trace).startsWith("traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets\n");
        for (int k = 1; k <= 6; k++) assertThat(trace).containsPattern("(?m)^ " + k + "  10\\.71\\." + k + "\\.2  [0-9.]+ ms$");
        assertThat(r.out()).containsPattern("(?m)^queries    2 +-q ");

        // probe as root: the raw method, every byte both ways, decoded and dumped
        String probe = r.out().substring(r.out().indexOf("TTL 1 to"));
        assertThat(probe).containsPattern("^TTL 1 to 10\\.71\\.6\\.2 \\(raw\\): time exceeded from 10\\.71\\.1\\.2 in [0-9.]+ ms\n")
                .contains("hexdump of the probe sent:\nIPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP\n")
                .contains("hexdump of the reply:\nIPv4, 10.71.1.2 > 10.71.1.1")
                .contains("{\"target\": \"10.71.6.2\", \"ttl\": 1, \"method\": \"raw\", \"sent\": \"45 00 00 3c")
                .contains("\"reply\": {\"from\": \"10.71.1.2\", \"type\": 11, \"code\": 0,");
    }

    @Test
    void labCommandsFromTheHostNamespace() throws Exception {
        ReplScript r = ReplScript.run(null, home, """
                lab watch silent -c 3
                last table
                lab trace silent -q 1
                lab trace nowhere
                exit 0
                """);
        assertThat(r.out() + r.err()).doesNotContain("\u001b");
        assertThat(r.err()).isEqualTo("jtrace: unknown lab scenario 'nowhere': choose one of "
                + java.util.Arrays.stream(jtrace.lab.Scenario.values()).map(jtrace.lab.Scenario::label).collect(java.util.stream.Collectors.joining(", "))
                + "\n");
        assertThat(r.status()).as("exit 0 says so").isZero();

        String watch = r.out().substring(0, r.out().indexOf("traceroute to"));
        assertThat(watch).startsWith("watch dest.silent.lab (10.72.6.2): udp, 3 rounds\n");
        List<Row> rows = rows(watch);
        assertThat(rows).as("the table, then last table: the same again").hasSize(12);
        assertThat(rows.subList(0, 6)).isEqualTo(rows.subList(6, 12));
        assertThat(rows.subList(0, 6)).containsExactly(
                new Row(1, "r1.silent.lab (10.72.1.2)", "0.0%", 3), new Row(2, "r2.silent.lab (10.72.2.2)", "0.0%", 3),
                new Row(3, "(silent router)", "--", 3), new Row(4, "r4.silent.lab (10.72.4.2)", "0.0%", 3),
                new Row(5, "r5.silent.lab (10.72.5.2)", "0.0%", 3), new Row(6, "dest.silent.lab (10.72.6.2)", "0.0%", 3));
        assertThat(watch).contains("hop 3: no answer while later hops answer: a router that sends no ICMP, not packet loss");

        String trace = r.out().substring(r.out().indexOf("traceroute to"));
        assertThat(trace).startsWith("traceroute to dest.silent.lab (10.72.6.2), 30 hops max, 60 byte packets\n")
                .containsPattern("(?m)^ 1  r1\\.silent\\.lab \\(10\\.72\\.1\\.2\\)  [0-9.]+ ms$")
                .containsPattern("(?m)^ 3  \\*$")
                .containsPattern("(?m)^ 6  dest\\.silent\\.lab \\(10\\.72\\.6\\.2\\)  [0-9.]+ ms$");
    }
}
