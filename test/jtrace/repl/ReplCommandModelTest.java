package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jtrace.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command model: {@code trace} at the REPL parses and checks its options exactly as the command line
 * does (same one-line errors), and the REPL's own commands (set, show, last, help, exit) behave in a script.
 * No network: every line here fails before a probe would leave, or needs none.
 */
class ReplCommandModelTest {
    @TempDir
    Path home;

    /** Wrong command lines, as the CLI tests have them; none needs quoting. */
    private static final List<String> BAD = List.of(
            "-f 10 -m 5 127.0.0.1", "-m 0 127.0.0.1", "-q 0 127.0.0.1", "-N 0 127.0.0.1", "-w abc 127.0.0.1",
            "-w 1,2,3,4 127.0.0.1", "-p 65536 127.0.0.1", "-z -1 127.0.0.1", "--gap 0 127.0.0.1", "-m abc 127.0.0.1",
            "--bogus 127.0.0.1", "-I -U 127.0.0.1", "-4 -6 127.0.0.1", "-6 127.0.0.1", "-s not-an-ip 127.0.0.1",
            "no-such-host.invalid", "127.0.0.1 10", "127.0.0.1 60 extra", "-q 1.5 127.0.0.1", "-f");

    /**
     * The CLI's error line for {@code args}, without its pointer to --help. picocli counts words from the
     * start of the line: at the prompt the command word comes first, so an index there is one more.
     */
    private static String cliError(String line) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(line.split(" "), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as("jtrace %s", line).isEqualTo(2);
        String message = err.toString().strip().replace(" (see 'jtrace --help')", "");
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("at index (\\d+)").matcher(message);
        return index.find() ? index.replaceFirst("at index " + (Integer.parseInt(index.group(1)) + 1)) : message;
    }

    @Test
    void traceOptionsFailExactlyAsOnTheCommandLine() throws Exception {
        ReplScript r = ReplScript.run(null, home, BAD.stream().map(l -> "trace " + l).collect(Collectors.joining("\n")) + "\n");
        List<String> errors = r.err().lines().map(l -> l.replace(" (see 'help trace')", "")).toList();
        assertThat(errors).containsExactlyElementsOf(BAD.stream().map(ReplCommandModelTest::cliError).toList());
        assertThat(r.out()).isEmpty();
        assertThat(r.status()).isEqualTo(2);
    }

    @Test
    void sessionCommandsInAScript() throws Exception {
        ReplScript r = ReplScript.run(null, home, """
                last
                set queries 1
                set method icmp -n
                set -w 2 max 12
                set first 40
                set nosuch 1
                set queries
                show method numeric queries wait max first
                set max default
                show
                trce 127.0.0.1
                127.0.0.1
                help
                help lab up
                exit 3
                trace never-reached.invalid
                """);
        assertThat(r.status()).as("exit 3").isEqualTo(3);
        assertThat(r.err().lines()).containsExactly(
                "jtrace: nothing to show yet: run trace, probe, watch or lab trace first",
                "jtrace: first TTL (-f 40) is above max TTL (-m 12)",
                "jtrace: no setting 'nosuch': choose one of method, numeric, first, max, queries, wait, window, port,"
                        + " sendwait, source, interface, gap, packetlen, interval",
                "jtrace: set takes NAME VALUE pairs: 'queries' has no value",
                "jtrace: unknown command 'trce' (did you mean trace?): type help for the commands",
                "jtrace: unknown command '127.0.0.1' (to trace it: trace 127.0.0.1): type help for the commands");
        assertThat(r.out().lines().filter(l -> l.startsWith("defaults now:"))).containsExactly(
                "defaults now: -q 1", "defaults now: -I -n -q 1", "defaults now: -I -n -m 12 -q 1 -w 2,3,10",
                "defaults now: -I -n -q 1 -w 2,3,10");
        assertThat(r.out()).containsPattern("(?m)^method +icmp +-U\\|-I\\|--raw ")
                .containsPattern("(?m)^numeric +on +-n ").containsPattern("(?m)^queries +1 +-q ")
                .containsPattern("(?m)^wait +2,3,10 +-w ").containsPattern("(?m)^max +12 +-m ")
                .containsPattern("(?m)^first +1 +-f ")  // the failed set changed nothing
                .containsPattern("(?m)^max +30 +-m ")
                .contains("as options: -I -n -q 1 -w 2,3,10");
        assertThat(r.out()).contains("Commands (help COMMAND for its options):")
                .containsPattern("(?m)^  trace +Trace the route to HOST").containsPattern("(?m)^  watch +Watch the route to HOST, as mtr does")
                .containsPattern("(?m)^  probe +Send one probe").containsPattern("(?m)^  exit, quit +Leave the REPL")
                .contains("Usage: jtrace lab up [-hV] [--debug] [--dns] [--routers=N] [SCENARIO...]");
        assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("never-reached");
    }
}
