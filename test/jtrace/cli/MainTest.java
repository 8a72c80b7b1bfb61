package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    record Bad(String line, String says) {}

    static List<Bad> badCommandLines() {
        return List.of(
                new Bad("", "no host given"),
                new Bad("-f 10 -m 5 127.0.0.1", "first TTL (-f 10) is above max TTL (-m 5)"),
                new Bad("-m 0 127.0.0.1", "max TTL (-m) must be 1..255"),
                new Bad("-m 256 127.0.0.1", "max TTL (-m) must be 1..255"),
                new Bad("-f 0 127.0.0.1", "first TTL (-f) must be 1..255"),
                new Bad("-q 0 127.0.0.1", "queries per hop (-q) must be 1..10"),
                new Bad("-q 100 127.0.0.1", "queries per hop (-q) must be 1..10"),
                new Bad("-N 0 127.0.0.1", "simultaneous probes (-N) must be 1..128"),
                new Bad("-w -1 127.0.0.1", "wait times must be zero or more"),
                new Bad("-w abc 127.0.0.1", "'abc' is not a number of seconds"),
                new Bad("-w 1,2,3,4 127.0.0.1", "-w takes MAX[,HERE,NEAR]"),
                new Bad("-p 65536 127.0.0.1", "port (-p) must be 1..65535"),
                new Bad("-z -1 127.0.0.1", "send wait (-z) must be a non-negative number"),
                new Bad("--gap 0 127.0.0.1", "gap limit (--gap) must be 1..255"),
                new Bad("-m abc 127.0.0.1", "Invalid value for option '--max-hops'"),
                new Bad("--bogus 127.0.0.1", "Unknown option: '--bogus'"),
                new Bad("-I -U 127.0.0.1", "give one of them"),
                new Bad("-4 -6 127.0.0.1", "-4 and -6 exclude each other"),
                new Bad("-6 127.0.0.1", "-6 asks for IPv6 but 127.0.0.1 is an IPv4 address: drop -6 or give an IPv6 address"),
                new Bad("-4 ::1", "-4 asks for IPv4 but ::1 is an IPv6 address: drop -4 or give an IPv4 address"),
                new Bad("fe80::1%nosuchif9", "'fe80::1%nosuchif9': there is no interface 'nosuchif9' on this host (`ip link` lists them)"),
                new Bad("fe80::1", "fe80::1 is a link-local address: say which interface it is on, as fe80::1%IFACE, or give -i IFACE"),
                new Bad("::1 47", "packet length must be 48..65000 bytes for IPv6 (the 40-byte header and 8 of UDP or ICMP), got 47"),
                new Bad("-s 127.0.0.1 ::1", "source address 127.0.0.1 (-s) is IPv4 but the target is IPv6: give an IPv6 source address or leave out -s"),
                new Bad("-s not-an-ip 127.0.0.1", "is not an IP address"),
                new Bad("no-such-host.invalid", "cannot resolve 'no-such-host.invalid'"),
                new Bad("127.0.0.1 10", "packet length must be 28..65000 bytes"),
                new Bad("127.0.0.1 60 extra", "'60' is a packet length: it goes after a single HOST"),
                new Bad("-i nosuchif0 127.0.0.1", "nosuchif0"),
                new Bad("-s 203.0.113.77 127.0.0.1", "203.0.113.77"),
                new Bad("lab trace nowhere", "unknown lab scenario 'nowhere'"),
                // Hostile networks, careless input (issue 6): more of what people get wrong.
                new Bad("'bad host'", "host 'bad host' contains white space: give one name or address"),
                new Bad("-n 'two words'", "contains white space"),
                new Bad("''", "no host given"),
                new Bad("-f 256 127.0.0.1", "first TTL (-f) must be 1..255, got 256"),
                new Bad("-m -1 127.0.0.1", "max TTL (-m) must be 1..255, got -1"),
                new Bad("-w 5,-1 127.0.0.1", "wait times must be zero or more, got '-1'"),
                new Bad("-w 5,abc 127.0.0.1", "'abc' is not a number of seconds (use e.g. -w 5 or -w 5,3,10)"),
                new Bad("-w NaN 127.0.0.1", "wait times must be zero or more"),
                new Bad("-w Infinity 127.0.0.1", "wait times must be zero or more"),
                new Bad("-q 1.5 127.0.0.1", "Invalid value for option '--queries': '1.5' is not an int"),
                new Bad("-N 129 127.0.0.1", "simultaneous probes (-N) must be 1..128, got 129"),
                new Bad("-p -1 127.0.0.1", "port (-p) must be 1..65535, or 0 for the method's default, got -1"),
                new Bad("-p abc 127.0.0.1", "Invalid value for option '--port': 'abc' is not an int"),
                new Bad("-z abc 127.0.0.1", "Invalid value for option '--sendwait'"),
                new Bad("-z NaN 127.0.0.1", "send wait (-z) must be a non-negative number"),
                new Bad("--gap 256 127.0.0.1", "gap limit (--gap) must be 1..255, got 256"),
                new Bad("-f", "Missing required parameter for option '--first'"),
                new Bad("127.0.0.1 65001", "packet length must be 28..65000 bytes, got 65001"),
                new Bad("127.0.0.1 abc", "cannot resolve 'abc'"),  // the command line takes several hosts
                new Bad("127.0.0.1 99999999999", "packet length must be 28..65000 bytes, got 99999999999"),
                new Bad("lab trcae", "unknown lab command 'trcae': did you mean trace?"),
                new Bad("-I --raw 127.0.0.1", "-I, -U, -T and --raw choose the method: give one of them"),
                new Bad("-T -I 127.0.0.1", "-I, -U, -T and --raw choose the method: give one of them"),
                new Bad("--methods udp,smtp 127.0.0.1", "--methods: 'smtp' is not one of udp, icmp, raw, tcp"),
                new Bad("--methods udp,tcp -T 127.0.0.1", "--methods chooses the methods: leave out -I, -U, -T and --raw"),
                new Bad("--mtu -T 127.0.0.1", "--mtu sends UDP probes of shrinking size: leave out -T"),
                new Bad("-s '' 127.0.0.1", "-s: '' is not an IP address"),
                new Bad("-s ::1 127.0.0.1", "source address ::1 (-s) is IPv6 but the target is IPv4"),
                new Bad("-i '' 127.0.0.1", "(-i) does not exist: `ip link` lists this host's interfaces"),
                new Bad("-i averyveryverylongifname0 127.0.0.1", "interface \"averyveryverylongifname0\" (-i) does not exist"),
                new Bad("-I -i nosuchif0 127.0.0.1", "interface \"nosuchif0\" (-i) does not exist"),
                new Bad("--raw -s 203.0.113.77 127.0.0.1", "source address 203.0.113.77 (-s) is not an address of this host"),
                new Bad("-I -s 203.0.113.77 127.0.0.1", "source address 203.0.113.77 (-s) is not an address of this host"),
                new Bad("lab up nowhere", "unknown lab scenario 'nowhere'"),
                new Bad("lab trace chain --routers 0", "--routers must be 1..64, got 0"),
                new Bad("--mda --classic 127.0.0.1", "--mda chooses its probes' flows itself: drop --classic"),
                new Bad("--mda --flow 3 127.0.0.1", "--mda walks through many flows: drop --flow"),
                new Bad("--mda --raw 127.0.0.1", "--mda works with UDP (the default) and -I, not --raw"),
                new Bad("--flow 300 127.0.0.1", "--flow must be 0..255, got 300"),
                new Bad("--flow -1 127.0.0.1", "--flow must be 0..255, got -1"),
                new Bad("--flow 2 --classic 127.0.0.1", "--classic gives every probe its own flow, --flow 2 one for all: give one of them"),
                new Bad("--confidence 99 127.0.0.1", "--confidence goes with --mda"),
                new Bad("--save-probes 127.0.0.1", "--save-probes goes with --mda"),
                new Bad("--mda --confidence 100 127.0.0.1", "--confidence must be 50..99.9 (percent), got 100.0"),
                new Bad("lab up ecmp --routers 2", "the ecmp lab needs at least 3 routers (one before the diamond, one where it joins), not 2: use --routers 3 or more"));
    }

    /** Splits a command line at spaces; 'single quotes' keep spaces in one argument ('' is an empty one). */
    static String[] args(String line) {
        java.util.List<String> args = new java.util.ArrayList<>();
        var m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) args.add(m.group(1) != null ? m.group(1) : m.group(2));
        return args.toArray(String[]::new);
    }

    /** --mda prints text or JSON: a CSV or a DOT of it is one line and exit 2, before any probe. */
    @Test
    void mdaPrintsTextOrJsonOnly() {
        Result r = run("--mda", "--csv", "127.0.0.1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--mda prints text or --json, not --csv");
    }

    @Test
    void atLeastThirtyWrongCommandLinesAreChecked() {
        assertThat(badCommandLines()).hasSizeGreaterThanOrEqualTo(30);
    }

    /** Each wrong line: one line naming the problem and the fix, exit 2, no stack trace — and nothing left open. */
    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badUsageIsOneClearLineAndExitTwo(Bad bad) throws Exception {
        run(args(bad.line()));  // warm-up: the JVM keeps the jar files and threads it opens on first use
        var before = jtrace.hygiene.Leaks.snapshot();
        Result r = run(args(bad.line()));
        assertThat(jtrace.hygiene.Leaks.since(before, 2000)).as("descriptors and threads left open").isEmpty();
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("jtrace: ").contains(bad.says()).doesNotContain("\tat ").endsWith("\n");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    /**
     * The same wrong lines typed into the REPL ({@code trace …}, or {@code lab …} as it is): each prints the line
     * the command line prints — up to where it points for help ("see 'jtrace --help'" there, "see 'help trace'"
     * here) — and the REPL goes on to the next command; a good trace after all of them still runs.
     */
    @Test
    void theSameWrongLinesInTheReplPrintTheSameLineAndTheReplGoesOn() throws Exception {
        List<Bad> bads = badCommandLines();  // quoted hosts too: the REPL splits words as a shell does
        assertThat(bads).hasSizeGreaterThanOrEqualTo(30);
        StringBuilder script = new StringBuilder();
        for (Bad bad : bads) script.append(bad.line().startsWith("lab ") ? "" : "trace ").append(bad.line()).append('\n');
        script.append("trace -n -q 1 -m 2 127.0.0.1\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        var before = jtrace.hygiene.Leaks.snapshot();
        int status = Repl.script(new java.io.BufferedReader(new java.io.StringReader(script.toString())),
                new PrintWriter(out, true), new PrintWriter(err, true), jtrace.Options.defaults(), false);

        List<String> lines = err.toString().lines().toList();
        assertThat(lines).as(err.toString()).hasSize(bads.size());
        List<String> different = new java.util.ArrayList<>();
        for (int i = 0; i < bads.size(); i++) {
            String cli = withoutHelpPointer(run(args(bads.get(i).line())).err().strip());
            if (bads.get(i).line().isEmpty() || bads.get(i).line().endsWith(" abc"))
                cli = REPL_WORDING.getOrDefault(cli, cli);
            if (!withoutHelpPointer(lines.get(i)).equals(cli)) different.add(bads.get(i).line() + "\n  cli:  " + cli + "\n  repl: " + lines.get(i));
        }
        assertThat(different).as("lines the REPL prints differently").isEmpty();
        assertThat(out.toString()).as("the trace after all the mistakes").containsPattern("(?m)^ 1  127\\.0\\.0\\.1  ");
        assertThat(status).as("the REPL's status: that of the last command that failed").isEqualTo(2);
        assertThat(jtrace.hygiene.Leaks.since(before, 2000)).as("left open by the REPL session").isEmpty();
    }

    /**
     * Where the REPL says the same thing its own way: its trace command has a required HOST and takes one host, where
     * the command line takes several.
     */
    private static final java.util.Map<String, String> REPL_WORDING = java.util.Map.of(
            "jtrace: no host given: jtrace [options] HOST", "jtrace: Missing required parameter: 'HOST'",
            "jtrace: cannot resolve 'abc': unknown host; check the name or give an address",
            "jtrace: 'abc' is not a packet length: PACKETLEN is a number of bytes, e.g. 60");

    private static String withoutHelpPointer(String line) {
        return line.replaceFirst(" \\(see '?[^)']*'?\\)$", "");
    }

    @Test
    void hostWithSpacesIsRefused() {
        Result r = run("bad host");
        assertThat(r.status()).isEqualTo(2);
        Result spaced = run(" 127.0.0.1");
        assertThat(spaced.status()).isEqualTo(2);
        assertThat(spaced.err()).contains("contains white space");
    }

    @Test
    void helpAndVersionExitZero() {
        Result help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: jtrace", "-w, --wait=MAX[,HERE,NEAR]", "--gap=N", "lab");
        assertThat(help.out()).contains("--fast                 Don't re-probe a silent router");
        Result version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("jtrace " + Main.VERSION);
    }

    @Test
    void tracesLoopbackWithUdp() {
        Result r = run("-n", "-q", "1", "127.0.0.1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets\n")
                .containsPattern("(?m)^ 1  127\\.0\\.0\\.1  \\d+\\.\\d{3} ms$");
        assertThat(r.out().lines()).hasSize(2);
    }

    /** The family follows the address; the header shows it as traceroute -6 does, with 80-byte packets. */
    @Test
    void tracesIpv6LoopbackWithUdp() {
        Result r = run("-n", "-q", "1", "::1");
        if (r.err().contains("Cannot assign requested address") || r.err().contains("Address family not supported")) {
            System.out.println("[jtrace.cli] skipped: this host has no IPv6 loopback (::1)");
            org.junit.jupiter.api.Assumptions.abort("this host has no IPv6 loopback (::1)");
        }
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("traceroute to ::1 (::1), 30 hops max, 80 byte packets\n")
                .containsPattern("(?m)^ 1  ::1  \\d+\\.\\d{3} ms$");
        assertThat(r.out().lines()).hasSize(2);
        Result explicit = run("-n", "-q", "1", "-6", "0:0:0:0:0:0:0:1", "100");
        assertThat(explicit.out()).as(explicit.err()).startsWith("traceroute to 0:0:0:0:0:0:0:1 (::1), 30 hops max, 100 byte packets\n");
    }

    @Test
    void runtimeFailureIsOneLineAndExitOne() {
        Result r = run("-n", "255.255.255.255");  // the kernel refuses broadcast without SO_BROADCAST
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("jtrace: ").contains("255.255.255.255");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void debugShowsTheStackTrace() {
        Result r = run("--debug", "-n", "255.255.255.255");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("\tat ");
    }

    /** The REPL's words work on the command line as they do at the prompt (issue 15). */
    @Test
    void traceProbeAndWatchAreCommandsOfTheCommandLineToo() {
        Result trace = run("trace", "-n", "-q", "1", "127.0.0.1");
        assertThat(trace.status()).as(trace.err()).isZero();
        assertThat(trace.out()).isEqualTo(run("-n", "-q", "1", "127.0.0.1").out().replaceAll("\\d+\\.\\d{3} ms", "0.000 ms")
                .replace("0.000 ms", trace.out().replaceAll("(?s).*?(\\d+\\.\\d{3} ms).*", "$1")));
        Result probe = run("probe", "-U", "127.0.0.1", "1");
        assertThat(probe.status()).as(probe.err()).isZero();
        assertThat(probe.out()).startsWith("TTL 1 to 127.0.0.1 (udp): port unreachable from 127.0.0.1 in ")
                .contains("hexdump of the probe sent:");
        Result watch = run("watch", "-n", "-c", "2", "--interval", "0.1", "127.0.0.1");
        assertThat(watch.status()).as(watch.err()).isZero();
        assertThat(watch.out()).startsWith("watch 127.0.0.1: udp, 2 rounds\n").containsPattern("(?m)^  1\\. 127\\.0\\.0\\.1 +0\\.0% +2 ");
        for (String help : List.of("trace", "probe", "watch")) assertThat(run(help, "--help").out()).contains("Usage: jtrace " + help, "--debug");
    }

    /** Words that are no command here, or in the wrong place: one line saying what to type instead, exit 2. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "repl extra       | repl takes options, not 'extra': to trace it, jtrace extra (or type trace extra at the repl prompt)",
            "tarce 127.0.0.1  | unknown command 'tarce' (did you mean trace?): the commands are trace, probe, watch, lab and repl",
            "show             | 'show' is a command of the REPL: the defaults are traceroute's",
            "set -q 1         | give options on the command line (jtrace -q 1 HOST)",
            "help             | jtrace --help, or jtrace COMMAND --help",
            "127.0.0.1 lab    | a command comes first: jtrace lab ..., or jtrace -- 127.0.0.1 to trace a host named so",
            "probe 127.0.0.1  | Missing required parameter: 'TTL' (see 'jtrace probe --help')",
            "probe 127.0.0.1 0 | TTL must be 1..255, got 0",
            "watch -c 0 127.0.0.1 | --count must be 1 or more, got 0"})
    void wordsThatAreNoCommandHereSayWhatToType(String line, String says) {
        Result r = run(args(line));
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("jtrace: ").contains(says);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    /** A host named like a REPL word is still traced after -- (as a host named lab is). */
    @Test
    void aHostNamedLikeAWordIsTracedAfterTheDoubleDash() {
        Result r = run("-n", "--", "show");
        assertThat(r.err()).contains("cannot resolve 'show'");
    }

    /** The usage line puts a command first, and repl takes no PACKETLEN (issue 15). */
    @Test
    void helpShowsTheCommandFirstAndNoPacketLengthForRepl() {
        assertThat(run("--help").out()).contains("Usage: jtrace [OPTIONS] HOST [PACKETLEN]\n       jtrace COMMAND [ARGS...]")
                .doesNotContain("[HOST] [PACKETLEN] [COMMAND]");
        assertThat(run("repl", "--help").out()).doesNotContain("PACKETLEN");
        assertThat(run("lab", "trace", "--help").out()).contains("--debug");
        assertThat(run("lab", "--help").out()).contains("keeps root for the whole run");
        // A description line is a paragraph: picocli wraps it to the terminal, so one that stops mid-sentence
        // shows as a line cut short on a wide terminal.
        for (CommandLine cli : List.of(new CommandLine(new Main()), new CommandLine(new LabCommand()), new CommandLine(new ReplCommand())))
            assertThat(cli.getCommandSpec().usageMessage().description()).as(cli.getCommandName())
                    .allSatisfy(line -> assertThat(line).matches("(?s).*[.:)]"));
    }

    /** clear at the prompt clears the screen (issue 15); from a pipe it does nothing and is no error. */
    @Test
    void clearClearsTheScreenAtATerminalAndIsQuietInAPipe() throws Exception {
        var screen = new java.io.ByteArrayOutputStream();
        try (var terminal = screen("xterm", screen)) {
            PrintWriter out = terminal.writer();
            ReplSession session = new ReplSession(jtrace.Options.defaults(), out, out, terminal, jtrace.render.Palette.PLAIN, false);
            assertThat(Repl.execute(session, List.of("clear"))).isZero();
        }
        assertThat(screen.toString()).contains("\u001b[H\u001b[2J");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Repl.script(new java.io.BufferedReader(new java.io.StringReader("clear\n")), new PrintWriter(out, true),
                new PrintWriter(err, true), jtrace.Options.defaults(), false);
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString() + err).isEmpty();
    }

    /** The REPL's probe speaks of its own command, not of JShell's probe() (issue 15). */
    @Test
    void probeTextUsesTheCommandsWordingNotJShells() throws Exception {
        var loopback = java.net.InetAddress.getByName("127.0.0.1");
        var reply = new jtrace.probe.Reply(0, loopback, 3, 3, 0, 64, loopback, 0);
        var result = new jtrace.ProbeResult("127.0.0.1", loopback, jtrace.probe.Method.UDP, 1, new byte[32], reply, 0.1, null, 33434);
        String text = new ReplResult.OfProbe(result).text();
        assertThat(text).contains("as root, probe uses raw and shows every byte").doesNotContain("probe()");
    }

    /** The REPL's probe fits its terminal: long decoded lines go on under their column instead of wrapping at column 0. */
    @Test
    void probeAtATerminalFitsItsWidth() throws Exception {
        var screen = new java.io.ByteArrayOutputStream();
        try (var terminal = screen("dumb", screen)) {
            terminal.setSize(new org.jline.terminal.Size(100, 40));
            PrintWriter out = terminal.writer();
            ReplSession session = new ReplSession(jtrace.Options.defaults(), out, out, terminal, jtrace.render.Palette.PLAIN, false);
            assertThat(Repl.execute(session, List.of("probe", "127.0.0.1", "1"))).isZero();
            out.flush();
        }
        List<String> lines = screen.toString().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(screen.toString()).anyMatch(l -> l.startsWith("TTL 1 to 127.0.0.1 ("));
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(99));
    }

    /** A terminal of this type whose output is {@code screen}: written through at once, no threads between. */
    private static org.jline.terminal.Terminal screen(String type, java.io.OutputStream screen) throws java.io.IOException {
        return new org.jline.terminal.impl.DumbTerminal("test", type, new java.io.ByteArrayInputStream(new byte[0]), screen,
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
