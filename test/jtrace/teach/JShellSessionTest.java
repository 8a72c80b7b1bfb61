package jtrace.teach;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student's JShell session, typed into the real {@code jshell} (input piped, class path = the build's classes
 * and dependencies) inside the chain lab as root: the helpers are called and what they print is checked. The
 * byte vectors are those of DecodeTest, whose checksums were added up by hand.
 */
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class JShellSessionTest {
    @BeforeAll
    static void needsTheLab() {
        Runs.assumeLab();
    }

    /** A feedback mode without prompts, so that printed lines start at the line's start; values still show. */
    static final String QUIET = """
            /set mode teach normal -quiet
            /set prompt teach "" ""
            /set feedback teach
            import static jtrace.Jtrace.*;
            import jtrace.*;
            """;

    static String session(String input) throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Runs.Output out = Runs.inLab(lab, Runs.ROOT, Map.of(), QUIET + input + "/exit\n", 120, List.of(Runs.jdkTool("jshell"),
                    "-R--enable-native-access=ALL-UNNAMED", "--class-path", Runs.classPath()));
            System.out.println("== jshell session\n" + out.stdout());
            assertThat(out.exitCode()).as(out.describe()).isZero();
            assertThat(out.stdout()).as(out.describe()).doesNotContain("Exception", "Error:", "cannot find symbol");
            return out.stdout();
        }
    }

    @Test
    void helpersPrintWhatAStudentExpects() throws Exception {
        String out = session("""
                System.out.println(hex(icmpEcho(0x1234, 1)));
                System.out.println(checksum(ipv4Header("10.71.1.1", "10.71.6.2", 1, IPPROTO_ICMP, 40)));
                System.out.println(hexdump(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)));
                System.out.println(decode(bytes("4500 0014")).problems());
                decode(icmpEcho(1, 1))
                var t = trace("10.71.6.2");
                System.out.println(t);
                System.out.println(t.table());
                System.out.println(t.json());
                var shorter = trace("10.71.6.2", options().maxTtl(3).queries(1));
                System.out.println(shorter);
                System.out.println(t.compare(shorter));
                var p = probe("10.71.6.2", 2);
                System.out.println(p);
                """);
        // icmpEcho: type 8, code 0, checksum 0xf0c5 (DecodeTest.ECHO_REQUEST), id 0x1234, seq 1, "@A…_".
        assertThat(out).contains("08 00 f0 c5 12 34 00 01 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55 56 57 58 59 5a 5b 5c 5d 5e 5f\n");
        // A correct header sums to zero.
        assertThat(out).contains("\n0\n");
        // udpProbe: DecodeTest.UDP_PROBE with identification 1: IPv4 checksum 0x61df complemented = 0x9e20; UDP 0xd02d.
        assertThat(out).contains("""
                IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, UDP
                   0  45|00|00 3c|00 01|00 00|01|11|9e 20|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
                  16  0a 47 06 02|                                      dst
                UDP, 40000 > 33434
                  20  9c 40|82 9a|00 28|d0 2d|40 41 42 43 44 45 46 47   sport, dport, len, cksum, data "@ABCDEFG"
                  36  48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55 56 57   "HIJKLMNOPQRSTUVW"
                  52  58 59 5a 5b 5c 5d 5e 5f|                          "XYZ[\\]^_"
                """);
        assertThat(out).contains("[problem at byte 4: the IPv4 header needs 20 bytes; the packet ends after 4]\n");
        // A value JShell prints by itself.
        assertThat(out).containsPattern("\\$\\d+ ==> ICMP, echo request, id 1, seq 1  \\(bytes 0-39\\)\n"
                + "      0  08                   type             8         echo request\n");
        assertThat(out).contains("traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets\n")
                .containsPattern("(?m)^ 3  r3\\.chain\\.lab \\(10\\.71\\.3\\.2\\)(  \\d+\\.\\d{3} ms){3}$")
                .containsPattern("(?m)^ 6  dest\\.chain\\.lab \\(10\\.71\\.6\\.2\\)(  \\d+\\.\\d{3} ms){3}$")
                .containsPattern("(?m)^  6  10\\.71\\.6\\.2  dest\\.chain\\.lab    3    3   0\\.0%(  \\d+\\.\\d{3}){3}$")
                .contains("\"dst_name\": \"10.71.6.2\"", "\"proto\": \"UDP\"", "\"size\": 60")
                .contains("traceroute to 10.71.6.2 (10.71.6.2), 3 hops max, 60 byte packets\n")
                .contains("stopped: max TTL 3 reached without an answer from 10.71.6.2 (raise it with -m)\n")
                .contains("""
                        Hop  First trace  Second trace  Change
                          1  10.71.1.2    10.71.1.2     same
                          2  10.71.2.2    10.71.2.2     same
                          3  10.71.3.2    10.71.3.2     same
                          4  10.71.4.2    -             only in the first trace
                          5  10.71.5.2    -             only in the first trace
                          6  10.71.6.2    -             only in the first trace
                        3 of 6 hops changed
                        """);
        // One probe, as root: the raw method, every byte both ways.
        assertThat(out).containsPattern("TTL 2 to 10\\.71\\.6\\.2 \\(raw\\): time exceeded from 10\\.71\\.2\\.2 in \\d+\\.\\d{3} ms\n")
                .contains("sent: 60 bytes, the whole IPv4 packet exactly as it left (jtrace wrote every byte: IP_HDRINCL)\n",
                        "      8  02                   time to live     2          routers left before it is dropped (each takes one)\n",
                        "received: 88 bytes, the whole packet as the raw socket read it\n",
                        "IPv4, 10.71.2.2 > 10.71.1.1, ttl 63, ICMP  (bytes 0-19)\n",
                        "       36  01                   time to live     1          as it arrived where this error was made\n");
    }

    @Test
    void mistakesGetOneLineThatSaysWhatToDo() throws Exception {
        String out = session("""
                try { ipv4Header("10.71.1.1", "::1", 1, IPPROTO_ICMP, 40); } catch (IllegalArgumentException e) { System.out.println("1: " + e.getMessage()); }
                try { send(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)); } catch (IllegalArgumentException e) { System.out.println("2: " + e.getMessage()); }
                try { probe("10.71.6.2", 0); } catch (IllegalArgumentException e) { System.out.println("3: " + e.getMessage()); }
                System.out.println("4: " + decode(bytes("99 01 02")).problems());
                """);
        assertThat(out).contains("1: '::1' is not an IPv4 address: an IPv4 header needs one\n",
                "2: send() takes an ICMP echo request with its IP header, e.g. concat(ipv4Header(src, dst, ttl, IPPROTO_ICMP, 40), icmpEcho(id, seq)); this one is [IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, UDP, UDP, 40000 > 33434]\n",
                "3: TTL must be 1..255, got 0\n",
                "4: [problem at byte 0: byte 0 is 0x99: neither an IP version (4 or 6 in its first four bits) nor an ICMP type; not a packet jtrace knows]\n");
    }
}
