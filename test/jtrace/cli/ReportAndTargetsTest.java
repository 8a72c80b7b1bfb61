package jtrace.cli;

import static jtrace.cli.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jtrace.cli.MainTest.Result;
import jtrace.support.AtlasSchema;
import jtrace.support.CsvReader;
import jtrace.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mtr's report mode (--report -c N, and watch's --json/--csv) and many targets from the command line, on loopback
 * (any user, no lab): every output read back, every mistake one line and exit 2.
 */
class ReportAndTargetsTest {
    @TempDir
    Path dir;

    @Test
    void reportIsMtrsJsonAfterCountRounds() {
        Result r = run("--report", "-c", "2", "-n", "--json", "127.0.0.1");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Object> report = (Map<String, Object>) JsonReader.object(r.out()).get("report");
        assertThat(((Map<?, ?>) report.get("mtr")).get("tests")).isEqualTo(2L);
        Map<?, ?> hub = (Map<?, ?>) ((List<?>) report.get("hubs")).get(0);
        assertThat(hub.get("addr")).isEqualTo("127.0.0.1");
        assertThat(hub.get("Snt")).isEqualTo(2L);
        assertThat(hub.get("Loss%")).isEqualTo(0.0);
    }

    @Test
    void reportAsTextAndWatchReportAsCsv() {
        Result text = run("--report", "-c", "2", "-n", "127.0.0.1");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("watch 127.0.0.1: udp, 2 rounds\n").containsPattern("(?m)^  1\\. 127\\.0\\.0\\.1 +0\\.0% +2 ")
                .doesNotContain("\u001b");
        Result csv = run("watch", "-c", "2", "--interval", "0.1", "-n", "--csv", "127.0.0.1");
        assertThat(csv.status()).as(csv.err()).isZero();
        List<List<String>> rows = CsvReader.rows(csv.out());
        assertThat(rows.get(0)).startsWith("target", "hop", "address", "name", "asn", "loss_pct", "snt", "rcv");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).subList(0, 8)).containsExactly("127.0.0.1", "1", "127.0.0.1", "", "", "0.000", "2", "2");
    }

    @Test
    void severalHostsPrintOneAtlasResultPerLine() {
        Result r = run("-n", "-q", "1", "--json", "127.0.0.1", "127.0.0.2", "127.0.0.3");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        List<Object> targets = lines.stream().map(l -> {
            Map<String, Object> result = JsonReader.object(l);
            assertThat(AtlasSchema.problems(result)).isEmpty();
            return result.get("dst_addr");
        }).toList();
        assertThat(targets).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3");
    }

    @Test
    void severalHostsAsTextAreOneWholeBlockEach() {
        Result r = run("-n", "-q", "1", "127.0.0.1", "127.0.0.2");
        assertThat(r.status()).as(r.err()).isZero();
        String[] blocks = r.out().split("\n\n");
        assertThat(blocks).hasSize(2);
        for (String block : blocks) {
            assertThat(block).startsWith("traceroute to 127.0.0.");
            String target = block.substring("traceroute to ".length(), block.indexOf(' ', "traceroute to ".length()));
            assertThat(block.lines().skip(1).findFirst().orElseThrow()).startsWith(" 1  " + target + "  ");
        }
    }

    @Test
    void aTargetsFileWithABadLineTracesTheRestAndSaysWhichLine() throws Exception {
        Path file = dir.resolve("targets");
        Files.writeString(file, "# loopback\n127.0.0.1\n\nno-such-host.invalid\n127.0.0.2  # the second\n");
        Result r = run("-n", "-q", "1", "--csv", "--targets", file.toString());
        assertThat(r.status()).as("a bad line: status 1").isEqualTo(1);
        assertThat(r.err().lines().toList()).containsExactly("jtrace: --targets " + file + " line 4: cannot resolve"
                + " 'no-such-host.invalid': unknown host; check the name or give an address; skipped");
        List<List<String>> rows = CsvReader.rows(r.out());
        assertThat(rows.stream().skip(1).map(row -> row.get(0)).distinct()).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
        assertThat(rows.stream().filter(row -> row.get(0).equals("target"))).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--targets /nonexistent/targets.txt | --targets: there is no file '/nonexistent/targets.txt'",
            "--pps 0 127.0.0.1 127.0.0.2 | probes per second (--pps) must be a positive number, got 0.0",
            "--pps 0 127.0.0.1 | probes per second (--pps) must be a positive number, got 0.0",
            "-c 3 127.0.0.1 | -c counts the rounds of --report",
            "--report 127.0.0.1 127.0.0.2 | --report watches one HOST",
            "--report --dot 127.0.0.1 | --report prints text, --json or --csv, not --dot",
            "--json --csv 127.0.0.1 | --json, --csv and --dot choose the output: give one of them",
            "127.0.0.1 no-such-host.invalid | cannot resolve 'no-such-host.invalid'",
            "watch --json --csv 127.0.0.1 | --json and --csv choose the report's format"})
    void mistakesAreOneLineAndExitTwo(String line, String says) {
        Result r = run(line.split(" "));
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("jtrace: ").contains(says);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anEmptyTargetsFileIsAUsageError() throws Exception {
        Path file = dir.resolve("empty");
        Files.writeString(file, "# nothing yet\n\n");
        Result r = run("--targets", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("jtrace: --targets " + file + " has no host in it: give one name or address a line\n");
    }
}
