package jtrace.teach;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example and lesson, run the way its first lines tell a student: {@code ./jbang examples/X} inside the
 * lab's client namespace, as root, through the real wrapper (one private JBANG_DIR for the class: the first run
 * compiles jtrace.java, the others reuse it). Each gets a fresh lab, so the routers' ICMP budgets are full, and
 * its output is checked line by line. Tag "jbang".
 */
@Tag("jbang")
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class ExamplesTest {
    @TempDir
    static Path jbangDir;

    @BeforeAll
    static void needsTheLab() {
        Runs.assumeLab();
    }

    /** Runs {@code ./jbang <args>} in a fresh lab of {@code scenario}, with {@code stdin}; returns stdout. */
    static String run(Scenario scenario, String stdin, String... args) throws Exception {
        try (LabNetwork lab = Lab.up(scenario)) {
            List<String> command = new ArrayList<>(List.of(Runs.ROOT.resolve("jbang").toString()));
            command.addAll(List.of(args));
            Runs.Output out = Runs.inLab(lab, jbangDir, Runs.jbangEnv(jbangDir), stdin, 240, command);
            System.out.printf("== ./jbang %s (%s lab)%n%s", String.join(" ", args), scenario.label(), out.stdout());
            assertThat(out.exitCode()).as(out.describe()).isZero();
            // JShell goes on after a failed snippet: an exception anywhere is a failed example.
            assertThat(out.stdout() + out.stderr()).as(out.describe()).doesNotContain("Exception", "Error:", "cannot find symbol");
            // Nothing before the lesson: JBang's jshell resolves every system module, and the incubators say so (issue 15).
            assertThat(out.stderr()).as(out.describe()).doesNotContain("WARNING");
            return out.stdout();
        }
    }

    static String example(Scenario scenario, String file) throws Exception {
        return run(scenario, null, Runs.ROOT.resolve("examples").resolve(file).toString());
    }

    /** traceroute's line for hop {@code ttl} of the chain lab, with three times. */
    static String chainHop(int ttl) {
        String name = ttl == 6 ? "dest" : "r" + ttl;
        return String.format("(?m)^ %d  %s\\.chain\\.lab \\(10\\.71\\.%d\\.2\\)(  \\d+\\.\\d{3} ms){3}$", ttl, name, ttl);
    }

    @Test
    void firstTrace() throws Exception {
        String out = example(Scenario.CHAIN, "first-trace.jsh");
        assertThat(out).contains("traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets\n");
        for (int ttl = 1; ttl <= 6; ttl++) assertThat(out).containsPattern(chainHop(ttl));
        assertThat(out).contains("Hop  Address    Name            Snt  Rcv  Loss%   Best    Avg  Worst  Mark\n")
                .containsPattern("(?m)^  3  10\\.71\\.3\\.2  r3\\.chain\\.lab      3    3   0\\.0%(  \\d+\\.\\d{3}){3}$")
                .contains("hops: 6, reached the destination: true, stopped because: REACHED\n")
                .contains("hop 1: 10.71.1.2, 3 of 3 probes answered\n", "hop 6: 10.71.6.2, 3 of 3 probes answered\n")
                .contains("\"type\": \"traceroute\"", "\"dst_addr\": \"10.71.6.2\"", "\"proto\": \"UDP\"")
                .containsPattern("\\{\"hop\": 6, \"result\": \\[\\{\"from\": \"10\\.71\\.6\\.2\", \"rtt\": \\d+\\.\\d{3}, \"size\": 60, \"ttl\": 59\\}");  // the whole probe quoted
    }

    @Test
    void checksum() throws Exception {
        String out = example(Scenario.CHAIN, "checksum.jsh");
        // The header of DecodeTest.ECHO_REQUEST: its checksum, 0x9e30, was added up on paper there.
        assertThat(out).contains("the header:        45 00 00 3c 00 01 00 00 01 01 9e 30 0a 47 01 01 0a 47 06 02\n",
                        "  + 4500 = 04500\n", "  + 0602 = 061cf\n", "by hand:           9e30\n", "checksum(zeroed):  9e30\n",
                        "in the header:     9e30\n", "checksum(header):  0000  (0 means correct)\n")
                .containsPattern("one bit flipped:   (?!0000)[0-9a-f]{4}  \\(not 0")
                .contains("TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in ", "the probe's ICMP checksum: correct\n",
                        "the reply's IPv4 header checksum: correct\n", "the reply's ICMP checksum: correct\n");
        assertThat(out).doesNotContain("  fold");  // 0x061cf has no carry to fold
    }

    @Test
    void handmadePacket() throws Exception {
        String out = example(Scenario.CHAIN, "handmade-packet.jsh");
        assertThat(out).contains("IPv4 header (20 bytes): 45 00 00 3c 00 01 00 00 01 01 9e 30 0a 47 01 01 0a 47 06 02\n",
                        "its checksum verifies: true\n",
                        "   0  45|00|00 3c|00 01|00 00|01|01|9e 30|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src\n",
                        "     22  f0 c5                checksum         0xf0c5     correct\n",
                        "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in ",
                        "the bytes sent are ours: true\n", "the router quoted them back unchanged: true\n",
                        "received: 88 bytes, the whole packet as the raw socket read it\n",
                        "TTL 2 to 10.71.6.2 (raw): time exceeded from 10.71.2.2 in ",
                        "we sent TTL 2 and checksum 0x9d30; r2 received TTL 1 and checksum 0x9e30 (correct)\n");
    }

    @Test
    void decodeTimeExceeded() throws Exception {
        String out = example(Scenario.CHAIN, "decode-time-exceeded.jsh");
        assertThat(out).contains("IPv4, 10.71.1.2 > 10.71.1.1, ttl 64, ICMP  (bytes 0-19)\n",
                        "      1  c0                   type of service  0xc0       DSCP 48 (CS6, network control: Linux sends its ICMP errors so), ECN 0\n",
                        "     20  0b                   type             11         time exceeded\n",
                        "  quoted IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP  (bytes 28-47)\n",
                        "       36  01                   time to live     1          as it arrived where this error was made\n",
                        "  20  0b|00|f4 ff|00 00 00 00|                          type, code, cksum, unused\n",
                        "who answered:            10.71.1.2\n",
                        "why:                     time exceeded, TTL expired in transit: a router on the way\n",
                        "about which probe:       to 10.71.6.2, echo id 59613, seq 1\n",
                        "all checksums correct:   true\n",
                        // the same explanation, in the same words, as lesson 1's part 4 for hop 1
                        "TTL of the reply:        64: 64 - 64 = 0 routers on the way back, so it is 1 hop away\n",
                        "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in ",
                        "fresh capture, 88 bytes: [IPv4, ICMP, quoted IPv4, quoted ICMP]\n");
    }

    @Test
    void methods() throws Exception {
        String out = example(Scenario.CHAIN, "methods.jsh");
        assertThat(out).contains("user id 0: may open raw sockets (root or CAP_NET_RAW)\n",
                "== udp: needs any user\n", "TTL 1 to 10.71.6.2 (udp): time exceeded from 10.71.1.2 in ",
                "hands the kernel 32 bytes: only the data; the kernel writes the UDP and IPv4 headers\n",
                "sees the reply's bytes: no, only its fields\n",
                "== icmp: needs a group inside net.ipv4.ping_group_range, or root/CAP_NET_RAW\n",
                "TTL 1 to 10.71.6.2 (icmp): time exceeded from 10.71.1.2 in ",
                "hands the kernel 40 bytes: the ICMP echo request; the kernel writes the IPv4 header\n",
                "== raw: needs root or CAP_NET_RAW\n", "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in ",
                "hands the kernel 60 bytes: the whole IPv4 packet, header included\n", "sees the reply's bytes: yes, 88\n");
        // One whole trace per method, each to the destination.
        assertThat(count(out, "traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets")).isEqualTo(3);
        assertThat(count(out, "(?m)^ 6  dest\\.chain\\.lab \\(10\\.71\\.6\\.2\\)  \\d+\\.\\d{3} ms$")).isEqualTo(3);
        assertThat(out).doesNotContain("not for you");
    }

    @Test
    void lessonOneRunsAsMarkdown() throws Exception {
        String out = example(Scenario.CHAIN, "lesson-1.md");
        assertThat(out.lines().findFirst()).as("the lesson's first line").hasValueSatisfying(l -> assertThat(l).startsWith("1. "));
        assertThat(out).contains("1. time to live: 3 (routers left before it is dropped (each takes one)) [byte 8]\n");
        for (int ttl = 1; ttl <= 5; ttl++)
            assertThat(out).contains("2. TTL " + ttl + " to 10.71.6.2 (raw): time exceeded from 10.71." + ttl + ".2 in ")
                    .contains("4. hop " + ttl + ": 10.71." + ttl + ".2 answered with TTL " + (65 - ttl) + ": 64 - " + (65 - ttl) + " = "
                            + (ttl - 1) + (ttl == 2 ? " router" : " routers") + " on the way back, so it is " + ttl + (ttl == 1 ? " hop" : " hops") + " away\n");
        assertThat(out).contains("2. TTL 6 to 10.71.6.2 (raw): echo reply from 10.71.6.2 in ",
                "2. TTL 7 to 10.71.6.2 (raw): echo reply from 10.71.6.2 in ",
                "3. the router quotes our probe, whose TTL was 1 when it arrived there; the reply itself has TTL 62\n",
                "4. hop 6: 10.71.6.2 answered with TTL 59: 64 - 59 = 5 routers on the way back, so it is 6 hops away\n", "5. the destination is 6 hops away\n");
        assertThat(out).containsPattern(chainHop(6));
    }

    @Test
    void lessonTwoRunsAsMarkdown() throws Exception {
        String out = example(Scenario.SILENT, "lesson-2.md");
        assertThat(out).contains("traceroute to 10.72.6.2 (10.72.6.2), 30 hops max, 60 byte packets\n", "\n 3  * * *\n",
                "1. hop 3 silent: true; hops after it answered: true; reached: true\n", "3. after two quiet seconds: !\n");
        Matcher wait = Pattern.compile("2\\. adaptive wait: (\\d+) ms; fixed 1 s wait: (\\d+) ms").matcher(out);
        assertThat(wait.find()).as(out).isTrue();
        assertThat(Long.parseLong(wait.group(1))).as("the adaptive wait never pays a whole second for the silent hop").isLessThan(1000);
        assertThat(Long.parseLong(wait.group(2))).as("a fixed wait costs its second").isGreaterThanOrEqualTo(1000);
        // A burst: the first probe is answered (the budget is not empty yet), then the router falls silent.
        assertThat(out).containsPattern("3\\. twelve probes in a row: !+\\*[!*]*   \\(! answered, \\* no answer\\)");
    }

    @Test
    void lessonThreeRunsAsMarkdown() throws Exception {
        String out = example(Scenario.FIREWALL, "lesson-3.md");
        assertThat(out).contains("1. udp reached: false, icmp reached: false, both stopped: GAP_LIMIT GAP_LIMIT\n",
                "2. tcp reached: true at hop 6, the answer: [closed]\n", "TCP, 40000 > 80 [SYN]\n",
                "3. flags: SYN; checksum correct (with the pseudo-header)\n")
                .containsPattern("(?m)^ 6  dest\\.firewall\\.lab \\(10\\.81\\.6\\.2\\)  \\d+\\.\\d{3} ms \\[closed\\]$");
    }

    @Test
    void lessonFourRunsAsMarkdown() throws Exception {
        String out = example(Scenario.ECMP, "lesson-4.md");
        assertThat(out).containsPattern("1\\. classic: hop 2 answered from [12] routers")
                .contains("3. answers needed at 95%: [6, 11, 16, 21, 27] to rule out a 2nd..6th next hop\n",
                        "links:\n")
                .containsPattern("3\\. MDA: hop 2 has ([12]) routers; widest hop \\1; \\d+ probes")
                .contains("3. hop 1: 1 probes {FIRST=1}\n")  // the client's own routing: one next hop for every flow
                .containsPattern("2\\. Paris: never two routers in one hop; over six flows hop 2 was \\[")
                .doesNotContain("MIXED");
    }

    @Test
    void jtraceJshOpensJShellWithTheApi() throws Exception {
        String out = run(Scenario.CHAIN, """
                System.out.println(hex(icmpEcho(1, 1)));
                System.out.println(trace("10.71.6.2", options().queries(1).method(ICMP)).table());
                /exit
                """, "-i", Runs.ROOT.resolve("jtrace.jsh").toString());
        assertThat(out).contains("jtrace 0.1.0: trace(\"HOST\"), probe(\"HOST\", ttl), decode(bytes)",
                "08 00 02 f9 00 01 00 01 40 41 42 43", "Hop  Address    Name            Snt  Rcv  Loss%")
                .containsPattern("  6  10\\.71\\.6\\.2  dest\\.chain\\.lab    1    1   0\\.0%");
    }

    /**
     * What JShell shows by itself (issue 15): a trace, its table and its JSON print as what they are, not as quoted
     * strings with \\n escapes, and whole once the feedback mode jtrace.jsh defines is on.
     */
    @Test
    void jtraceJshShowsValuesWhole() throws Exception {
        String out = run(Scenario.CHAIN, """
                /set feedback jtrace
                var t = trace("10.71.6.2")
                t.table()
                t.json()
                /exit
                """, "-i", Runs.ROOT.resolve("jtrace.jsh").toString());
        assertThat(out).contains("type /set feedback jtrace to see them whole", "Feedback mode: jtrace",
                        "t ==> traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets\n 1  r1.chain.lab (10.71.1.2)  ")
                .containsPattern(chainHop(6))
                .containsPattern("\\$\\d+ ==> Hop  Address    Name            Snt  Rcv  Loss%   Best    Avg  Worst  Mark\n"
                        + "  1  10\\.71\\.1\\.2  r1\\.chain\\.lab")
                .containsPattern("\\$\\d+ ==> \\{\n  \"fw\": ")
                .contains("\"dst_addr\": \"10.71.6.2\"", "{\"hop\": 6, \"result\": [")
                .doesNotContain("\\n", " ... ");
    }

    @Test
    void catalogAliasJtraceShell() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Runs.Output add = Runs.inLab(lab, jbangDir, Runs.jbangEnv(jbangDir), null, 120, List.of(Runs.ROOT.resolve("jbang").toString(),
                    "catalog", "add", "-g", "--name", "jtteach", Runs.ROOT.resolve("jbang-catalog.json").toString()));
            assertThat(add.exitCode()).as(add.describe()).isZero();
        }
        String out = run(Scenario.CHAIN, "System.out.println(decode(icmpEcho(1, 1)).field(\"checksum\"));\n/exit\n", "jtrace-shell@jtteach");
        assertThat(out).contains("checksum: 0x02f9 (correct) [byte 2-3]");
    }

    static long count(String text, String regexOrText) {
        Matcher m = Pattern.compile(regexOrText.startsWith("(?m)") ? regexOrText : Pattern.quote(regexOrText)).matcher(text);
        long n = 0;
        while (m.find()) n++;
        return n;
    }
}
