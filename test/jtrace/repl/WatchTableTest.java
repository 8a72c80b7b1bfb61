package jtrace.repl;

import static jtrace.repl.ScriptedPath.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.render.Palette;
import jtrace.render.WatchTable;
import jtrace.result.HopKind;
import jtrace.result.HopStats;
import jtrace.result.Stop;
import jtrace.watch.WatchReport.Row;
import jtrace.watch.WatchReport;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The watch table's layout: columns, widths, names, silent routers, colors or none. */
class WatchTableTest {
    private static final InetAddress R1 = ip("10.0.1.1"), R2 = ip("10.0.2.1"), R2B = ip("10.0.2.9"), DEST = ip("10.9.9.9");

    private static HopStats stats(int lost, double... rtts) {
        HopStats s = HopStats.NONE;
        for (double rtt : rtts) s = s.send().answer(rtt);
        for (int i = 0; i < lost; i++) s = s.send().lose();
        return s;
    }

    private static WatchReport report(Map<InetAddress, String> names) {
        return new WatchReport("dest", DEST, jtrace.probe.Method.UDP, 4, List.of(
                new Row(1, stats(0, 1.0, 2.0, 3.0, 2.0), List.of(R1), "", HopKind.ANSWERS, false),
                new Row(2, stats(1, 5.0, 5.0, 5.0), List.of(R2, R2B), "", HopKind.ANSWERS, true),
                new Row(3, HopStats.NONE.send().lose().send().lose().send().lose().send().lose(), List.of(), "", HopKind.SILENT_ROUTER, false),
                new Row(4, stats(0, 12.5, 150.25, 1200, 9.0), List.of(DEST), "", HopKind.ANSWERS, false)), Stop.REACHED, names);
    }

    private static List<String> plain(List<AttributedString> lines) { return lines.stream().map(AttributedString::toString).toList(); }

    @Test
    void everyColumnWhenThereIsRoom() {
        List<String> lines = plain(WatchTable.report(report(Map.of(R1, "r1.lab")), 0, Palette.PLAIN));
        assertThat(lines).containsExactly(
                "watch dest (10.9.9.9): udp, 4 rounds",
                "  Host                  Loss%   Snt    Last     Avg    Best    Wrst   StDev    Jttr    Javg",
                "  1. r1.lab (10.0.1.1)   0.0%     4   2.000   2.000   1.000   3.000   0.816   1.000   0.750",
                "  2. 10.0.2.1           25.0%     4   5.000   5.000   5.000   5.000   0.000   0.000   0.000",
                "     10.0.2.9",
                "  3. (silent router)       --     4",
                // 12.5, 150.25, 1200, 9: mean 342.9375, sample sd 575.15; jitter 137.75, 1049.75, 1191: mean 594.6
                "  4. 10.9.9.9            0.0%     4   9.000   342.9   9.000    1200   575.1    1191   594.6",
                "hop 3: no answer while later hops answer: a router that sends no ICMP, not packet loss",
                "hop 2: loss that later hops do not show: the router limits its ICMP answers; traffic passes");
    }

    @Test
    void aNarrowTerminalLosesColumnsFromTheRightNeverWraps() {
        List<String> lines = plain(WatchTable.report(report(Map.of(R1, "r1.lab")), 60, Palette.PLAIN));
        assertThat(lines).allMatch(l -> l.length() <= 60);
        assertThat(lines.get(1)).isEqualTo("  Host                  Loss%   Snt    Last     Avg    Best");
        assertThat(lines.get(2)).isEqualTo("  1. r1.lab (10.0.1.1)   0.0%     4   2.000   2.000   1.000");
        // The notes are sentences: they wrap between words, never cut one (issue 15: "not pack" at 60 columns).
        assertThat(lines.subList(lines.size() - 4, lines.size())).containsExactly(
                "hop 3: no answer while later hops answer: a router that",
                "  sends no ICMP, not packet loss",
                "hop 2: loss that later hops do not show: the router limits",
                "  its ICMP answers; traffic passes");
        // The status line keeps whole words too.
        List<String> screen = plain(WatchTable.screen(report(Map.of()), 60, 40, Palette.PLAIN,
                "round 6 of 10, every 1.0 s   q or Ctrl-C: stop   r: reset counts"));
        assertThat(screen.get(screen.size() - 1)).isEqualTo("round 6 of 10, every 1.0 s   q or Ctrl-C: stop   r: reset");
        // Narrower still: Loss% and Snt stay, the host column keeps 16 characters, a long name loses its address.
        lines = plain(WatchTable.report(report(Map.of(R1, "a-rather-long-router-name.example")), 34, Palette.PLAIN));
        assertThat(lines.get(1)).isEqualTo("  Host                 Loss%   Snt");
        assertThat(lines.get(2)).isEqualTo("  1. a-rather-long-r~   0.0%     4");
        assertThat(lines).allMatch(l -> l.length() <= 34);
    }

    @Test
    void theScreenFitsTheWindowAndEndsWithTheStatus() {
        List<String> lines = plain(WatchTable.screen(report(Map.of()), 100, 6, Palette.PLAIN, "round 5"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(3)).isEqualTo("... 6 more lines: make the window taller");  // 9 in all, 3 shown
        assertThat(lines.get(4)).isEmpty();
        assertThat(lines.get(5)).isEqualTo("round 5");
    }

    @Test
    void colorsOnlyWhenAsked() {
        List<AttributedString> colored = WatchTable.report(report(Map.of()), 0, Palette.COLORS);
        String ansi = colored.get(3).toAnsi();
        assertThat(ansi).as("loss at one router only: yellow").contains("\u001b[33m");
        assertThat(colored.get(0).toAnsi()).contains("\u001b[1m");
        for (AttributedString line : WatchTable.report(report(Map.of()), 0, Palette.PLAIN))
            assertThat(line.toAnsi()).doesNotContain("\u001b");
    }

    @Test
    void forwardLossIsRed() {
        WatchReport r = new WatchReport("dest", DEST, jtrace.probe.Method.UDP, 2, List.of(
                new Row(1, stats(0, 1.0, 1.0), List.of(R1), "", HopKind.ANSWERS, false),
                new Row(2, stats(1, 2.0), List.of(DEST), "", HopKind.ANSWERS, false)), Stop.REACHED, Map.of());
        assertThat(WatchTable.report(r, 0, Palette.COLORS).get(3).toAnsi()).contains("\u001b[31m").contains("50.0%");
    }

    @Test
    void noColorAndDumbTerminalsGetNone() {
        assertThat(Palette.forTerminal("xterm-256color", Map.of())).isEqualTo(Palette.COLORS);
        assertThat(Palette.forTerminal("xterm-256color", Map.of("NO_COLOR", "1"))).isEqualTo(Palette.PLAIN);
        assertThat(Palette.forTerminal("xterm-256color", Map.of("NO_COLOR", ""))).as("no-color.org: empty means unset")
                .isEqualTo(Palette.COLORS);
        assertThat(Palette.forTerminal("dumb", Map.of())).isEqualTo(Palette.PLAIN);
        assertThat(Palette.forTerminal("dumb-color", Map.of())).isEqualTo(Palette.PLAIN);
    }

    @Test
    void jsonHasMtrsFieldsAndSaysWhatASilentRouterIs() {
        String json = report(Map.of(R1, "r1.lab")).json();
        assertThat(json).startsWith("{\"report\": {\"mtr\": {\"dst\": \"dest\", \"dst_addr\": \"10.9.9.9\", \"proto\": \"udp\", \"tests\": 4, \"stop\": \"reached\"}, \"hubs\": [")
                .contains("{\"count\": 1, \"host\": \"r1.lab\", \"addr\": \"10.0.1.1\", \"kind\": \"answers\", \"Loss%\": 0.000, \"Snt\": 4, \"Rcv\": 4, \"Last\": 2.000, \"Avg\": 2.000, \"Best\": 1.000, \"Wrst\": 3.000, \"StDev\": 0.816")
                .contains("{\"count\": 3, \"host\": \"???\", \"addr\": null, \"kind\": \"silent_router\", \"Loss%\": null, \"Snt\": 4, \"Rcv\": 0, \"Last\": null")
                .endsWith("]}}\n");
    }
}
