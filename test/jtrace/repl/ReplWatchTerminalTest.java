package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code watch} in a real terminal (tmux), inside the chain lab's client namespace: the live table after a few
 * rounds (one row per hop, the right addresses, numbers that add up), redrawn in place, redrawn narrower
 * after a resize, and Ctrl-C back to the prompt with the final table left on the screen.
 */
@Timeout(120)  // a hung REPL must not hang CI; each test takes seconds
class ReplWatchTerminalTest {
    /** A table row: TTL, host, Loss%, Snt, then as many times (ms) as the width allows. */
    private static final Pattern ROW = Pattern.compile("(?m)^ +(\\d+)\\. (\\S+) +([0-9.]+)% +(\\d+)((?: +[0-9.]+)+)$");
    private static final String TITLE = "watch 10.71.6.2: udp, ";
    private static LabNetwork lab;
    private static java.nio.channels.FileLock labLock;
    @TempDir
    static Path home;

    @BeforeAll
    static void fresh() throws Exception {
        ReplRuns.assumeLab();
        ReplRuns.assumeTmux();
        labLock = ReplRuns.lockLabs();
        lab = Lab.up(Scenario.CHAIN);
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) lab.close();
        ReplRuns.unlock(labLock);
    }

    record Row(int ttl, String host, double loss, int sent, double[] times) {}

    static List<Row> rows(String screen) {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(screen);
        while (m.find()) {
            double[] times = Arrays.stream(m.group(5).trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
            rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2), Double.parseDouble(m.group(3)),
                    Integer.parseInt(m.group(4)), times));
        }
        return rows;
    }

    private static int rounds(String screen) {
        Matcher m = Pattern.compile(Pattern.quote(TITLE) + "(\\d+) rounds?").matcher(screen);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static long count(String screen, String text) {
        return Arrays.stream(screen.split("\n")).filter(l -> l.contains(text)).count();
    }

    @Test
    void liveTableResizeAndCtrlC() throws Exception {
        try (Tmux t = new Tmux(ReplRuns.script(home, ReplRuns.command(lab.client(), home, "repl")), 100, 30, Map.of())) {
            t.await("jtrace>");
            assertThat(t.screenWithStyles()).as("a colored prompt").containsPattern("\u001b\\[[0-9;]*34m");
            t.type("watch -n 10.71.6.2");
            t.keys("Enter");
            String screen = t.await("3 rounds", s -> rounds(s) >= 3);
            assertThat(count(screen, TITLE)).as("one table, redrawn in place:%n%s", screen).isEqualTo(1);
            assertThat(screen).as("the alternate screen: no prompt behind the table").doesNotContain("jtrace>");
            assertThat(screen).contains("  Host                 Loss%   Snt    Last     Avg    Best    Wrst   StDev    Jttr    Javg");
            List<Row> rows = rows(screen);
            assertThat(rows).extracting(Row::ttl).as(screen).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(rows).extracting(Row::host)
                    .containsExactly("10.71.1.2", "10.71.2.2", "10.71.3.2", "10.71.4.2", "10.71.5.2", "10.71.6.2");
            int done = rounds(screen);
            for (Row r : rows) {
                assertThat(r.loss()).as("hop %d", r.ttl()).isZero();
                assertThat(r.sent()).as("hop %d: Snt counts the finished rounds and a probe in flight", r.ttl())
                        .isBetween(done, done + 1);
                assertThat(r.times()).hasSize(7);
                double last = r.times()[0], avg = r.times()[1], best = r.times()[2], worst = r.times()[3];
                assertThat(best).as("hop %d", r.ttl()).isPositive().isLessThanOrEqualTo(avg).isLessThanOrEqualTo(last);
                assertThat(worst).as("hop %d", r.ttl()).isGreaterThanOrEqualTo(avg).isGreaterThanOrEqualTo(last).isLessThan(100);
                double rounding = 0.002;  // three decimals on screen: a difference of two values is off by up to 0.001
                assertThat(r.times()[4]).as("StDev").isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(worst - best + rounding);
                assertThat(r.times()[5]).as("Jttr").isLessThanOrEqualTo(worst - best + rounding);
            }

            t.resize(64, 20);  // too narrow for every column: the right-most go, nothing wraps
            screen = t.await("the table at 64 columns", s -> s.contains("Loss%   Snt    Last     Avg    Best\n") && !s.contains("Javg"));
            assertThat(Arrays.stream(screen.split("\n"))).as("no line wraps:%n%s", screen).allMatch(l -> l.length() <= 64);
            assertThat(count(screen, TITLE)).as(screen).isEqualTo(1);
            assertThat(rows(screen)).hasSize(6).allSatisfy(r -> assertThat(r.times()).hasSize(3));
            t.resize(100, 30);
            t.await("all columns again", s -> s.contains("Jttr    Javg"));

            t.keys("C-c");
            screen = t.await("the prompt after Ctrl-C", s -> s.contains("jtrace>") && s.trim().endsWith("jtrace>"));
            assertThat(count(screen, TITLE)).as("the final table stays:%n%s", screen).isEqualTo(1);
            assertThat(rows(screen)).extracting(Row::host)
                    .containsExactly("10.71.1.2", "10.71.2.2", "10.71.3.2", "10.71.4.2", "10.71.5.2", "10.71.6.2");
            assertThat(rounds(screen)).isGreaterThanOrEqualTo(done);

            t.type("last json");
            t.keys("Enter");
            screen = t.await("\"hubs\": [");
            assertThat(screen).contains("\"dst_addr\": \"10.71.6.2\"", "\"count\": 6, \"host\": \"10.71.6.2\"");
            t.type("exit");
            t.keys("Enter");
            t.await("[jtrace exited with status 0]");
        }
    }
}
