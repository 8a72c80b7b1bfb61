package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** hexdump() on the hand-written vectors of {@link DecodeTest}: a bar after every field, a line per layer. */
class HexdumpTest {
    @Test
    void echoRequestWithFieldBoundaries() {
        assertThat(Hexdump.of(DecodeTest.ECHO_REQUEST)).hasToString("""
                IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP
                   0  45|00|00 3c|00 01|00 00|01|01|9e 30|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
                  16  0a 47 06 02|                                      dst
                ICMP, echo request, id 4660, seq 1
                  20  08|00|f0 c5|12 34|00 01|40 41 42 43 44 45 46 47   type, code, cksum, id, seq, data "@ABCDEFG"
                  36  48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55 56 57   "HIJKLMNOPQRSTUVW"
                  52  58 59 5a 5b 5c 5d 5e 5f|                          "XYZ[\\]^_"
                """);
    }

    @Test
    void timeExceededShowsTheQuotedProbeAsItsOwnLayers() {
        assertThat(Hexdump.of(DecodeTest.TIME_EXCEEDED)).hasToString("""
                IPv4, 10.71.1.2 > 10.71.1.1, ttl 64, ICMP
                   0  45|00|00 38|03 09|00 00|40|01|61 2c|0a 47 01 02|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
                  16  0a 47 01 01|                                      dst
                ICMP, time exceeded
                  20  0b|00|ea 04|00 00 00 00|                          type, code, cksum, unused
                quoted IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP
                  28  45|00|00 3c|00 01|00 00|01|01|9e 30|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
                  44  0a 47 06 02|                                      dst
                quoted ICMP, echo request, id 4660, seq 1
                  48  08|00|f0 c5|12 34|00 01|                          type, code, cksum, id, seq
                """);
    }

    @Test
    void bytesThatAreNoPacketAreStillDumped() {
        assertThat(Hexdump.of(new byte[] {(byte) 0x99, 0x41, 0x42})).hasToString("""
                undecoded
                   0  99 41 42|                                         undecoded ".AB"
                """);
    }

    @Test
    void aCutShortHeaderEndsWhereTheBytesEnd() {
        assertThat(Hexdump.of(Arrays.copyOf(DecodeTest.UDP_PROBE, 24))).hasToString("""
                IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, UDP
                   0  45|00|00 3c|12 34|00 00|01|11|8b ed|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
                  16  0a 47 06 02|                                      dst
                UDP, 40000 > 33434
                  20  9c 40|82 9a|                                      sport, dport
                """);
    }
}
