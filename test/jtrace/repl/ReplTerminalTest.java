package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * The REPL in a real terminal (tmux), started as plain {@code jtrace} with no host inside the chain lab's client
 * namespace: completion of a command, an option and a host, a trace, a failing command, history recall, Ctrl-C
 * at the prompt, exit, and the history file. NO_COLOR is set: not one escape sequence may color the screen.
 */
@Timeout(120)  // a hung REPL must not hang CI; each test takes seconds
class ReplTerminalTest {
    private static final Pattern HOP = Pattern.compile("(?m)^ ?(\\d+)  (\\S+)  ([0-9.]+) ms$");
    private static LabNetwork lab;
    private static java.nio.channels.FileLock labLock;
    @TempDir
    static Path home;

    @BeforeAll
    static void fresh() throws Exception {
        ReplRuns.assumeLab();
        ReplRuns.assumeTmux();
        labLock = ReplRuns.lockLabs();
        lab = Lab.up(Scenario.CHAIN);  // full ICMP token buckets: a deterministic trace
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) lab.close();
        ReplRuns.unlock(labLock);
    }

    /** The line the cursor is on: the prompt and what was typed (capture-pane trims trailing blanks). */
    private static String promptLine(String screen) {
        List<String> lines = Arrays.stream(screen.split("\n")).filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void completionTraceErrorsHistoryAndExit() throws Exception {
        String dest = lab.destination().getHostAddress();
        String script = ReplRuns.script(home, ReplRuns.command(lab.client(), home));  // no host: the REPL
        try (Tmux t = new Tmux(script, 100, 40, Map.of("NO_COLOR", "1"))) {
            t.await("the prompt", s -> promptLine(s).equals("jtrace>"));

            t.type("tr");
            t.keys("Tab");
            t.await("'trace' completed from 'tr'", s -> promptLine(s).equals("jtrace> trace"));
            t.type("--que");  // completion left a space after the command
            t.keys("Tab");
            t.await("'--queries=' completed from '--que'", s -> promptLine(s).equals("jtrace> trace --queries="));
            t.type("1 -n " + dest);
            t.keys("Enter");
            String screen = t.await("the trace and the prompt again",
                    s -> s.contains(" 6  " + dest + "  ") && promptLine(s).equals("jtrace>"));
            assertThat(screen).contains("traceroute to " + dest + " (" + dest + "), 30 hops max, 60 byte packets");
            Matcher hop = HOP.matcher(screen);
            for (int k = 1; k <= 6; k++) {
                assertThat(hop.find()).as("hop %d in%n%s", k, screen).isTrue();
                assertThat(hop.group(1)).isEqualTo(String.valueOf(k));
                assertThat(hop.group(2)).isEqualTo(k < 6 ? "10.71." + k + ".2" : dest);
                assertThat(Double.parseDouble(hop.group(3))).isPositive().isLessThan(100);
            }

            t.type("trace --bogus " + dest);  // fails with the command line's one line, and the REPL goes on
            t.keys("Enter");
            screen = t.await("the error and the prompt again",
                    s -> s.contains("jtrace: Unknown option: '--bogus' (see 'help trace')") && promptLine(s).equals("jtrace>"));

            t.type("watch 10.71.6");  // a host used this session completes
            t.keys("Tab");
            t.await("the host completed", s -> promptLine(s).equals("jtrace> watch " + dest));
            t.keys("C-c");  // at the prompt: drops the line, no exit
            t.await("an empty prompt after Ctrl-C", s -> promptLine(s).equals("jtrace>"));

            t.keys("Up");
            t.await("the failed command recalled", s -> promptLine(s).equals("jtrace> trace --bogus " + dest));
            t.keys("Up");
            t.await("the trace recalled", s -> promptLine(s).equals("jtrace> trace --queries=1 -n " + dest));
            t.keys("C-u");
            t.type("exit");
            t.keys("Enter");
            screen = t.await("[jtrace exited with status 0]");
            assertThat(t.screenWithStyles()).as("NO_COLOR: no colors").doesNotContainPattern("\u001b\\[[0-9;]*3[0-7]m");
        }
        List<String> history = Files.readAllLines(home.resolve(".jtrace_history"));
        assertThat(history).anyMatch(l -> l.endsWith("trace --queries=1 -n " + dest))
                .anyMatch(l -> l.endsWith("trace --bogus " + dest)).anyMatch(l -> l.endsWith("exit"));
    }
}
