package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reply's marks and stop rule against traceroute 2.1.2's parse_icmp_res, code by code (its strings checked in
 * the binary: "!F-%d", "!<%u>", "!<%u-%u>"; the IPv6 codes also against traceroute -6 on a real router, see
 * Ipv6RouterRepliesTest). Final: everything but time exceeded in transit.
 */
class ReplyTest {
    private static Reply reply(String family, int type, int code) {
        InetAddress from = Loopback.address(family.equals("6") ? "fd00:77:1::1" : "10.77.1.1");
        return new Reply(1, from, type, code, 0, 64, from, 1280);
    }

    @ParameterizedTest(name = "IPv{0} type {1} code {2}: \"{3}\" final={4}")
    @CsvSource(delimiter = '|', value = {
            "4 | 11 | 0  |          | false", "4 | 11 | 1  | !<11-1>  | true",
            "4 | 0  | 0  |          | true",  "4 | 3  | 3  |          | true",
            "4 | 3  | 0  | !N       | true",  "4 | 3  | 1  | !H       | true", "4 | 3  | 2 | !P | true",
            "4 | 3  | 4  | !F-1280  | true",  "4 | 3  | 5  | !S       | true", "4 | 3  | 6 | !N | true",
            "4 | 3  | 7  | !H       | true",  "4 | 3  | 8  | !N       | true", "4 | 3  | 9 | !X | true",
            "4 | 3  | 10 | !X       | true",  "4 | 3  | 11 | !N       | true", "4 | 3  | 12 | !H | true",
            "4 | 3  | 13 | !X       | true",  "4 | 3  | 14 | !V       | true", "4 | 3  | 15 | !C | true",
            "4 | 3  | 16 | !<16>    | true",  "4 | 12 | 0  | !<12-0>  | true",
            "6 | 3  | 0  |          | false", "6 | 3  | 1  | !<3-1>   | true",
            "6 | 129| 0  |          | true",  "6 | 1  | 4  |          | true",
            "6 | 1  | 0  | !N       | true",  "6 | 1  | 1  | !X       | true", "6 | 1  | 2 | !H | true",
            "6 | 1  | 3  | !H       | true",  "6 | 1  | 5  | !<5>     | true", "6 | 1  | 6 | !<6> | true",
            "6 | 1  | 7  | !<7>     | true",  "6 | 2  | 0  | !F-1280  | true", "6 | 4  | 1 | !<4-1> | true"})
    void marksAndFinalityAreTraceroutes(String family, int type, int code, String mark, boolean isFinal) {
        Reply r = reply(family, type, code);
        assertThat(r.annotation()).isEqualTo(mark == null ? "" : mark);
        assertThat(r.isFinal()).isEqualTo(isFinal);
        assertThat(r.isV6()).isEqualTo(family.equals("6"));
    }
}
