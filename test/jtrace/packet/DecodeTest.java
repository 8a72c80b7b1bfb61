package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jtrace.packet.Part.Field;
import org.junit.jupiter.api.Test;

/**
 * decode() against byte vectors written out by hand, one field per line. Every checksum below was added up on
 * paper (RFC 1071: sum the 16-bit words, fold the carries, complement) before the decoder was asked.
 */
class DecodeTest {
    /** traceroute's 32-byte filler "@ABC…_": words 4041 4243 … 5e5f sum to 0x4f500. */
    static final String FILLER = "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f";

    /**
     * An ICMP echo request, TTL 1, 10.71.1.1 -> 10.71.6.2: what --raw sends first.
     * IPv4 checksum: 4500+003c+0001+0000+0101+0a47+0101+0a47+0602 = 0x61cf, complement 0x9e30.
     * ICMP checksum: 0800+1234+0001 = 0x1a35, + filler 0x4f500 = 0x50f35, folded 0x0f3a, complement 0xf0c5.
     */
    static final byte[] ECHO_REQUEST = hex(
            "45",          //  0  version 4, header length 5 words
            "00",          //  1  type of service
            "003c",        //  2  total length 60
            "0001",        //  4  identification 1
            "0000",        //  6  flags 0, fragment offset 0
            "01",          //  8  TTL 1
            "01",          //  9  protocol 1 = ICMP
            "9e30",        // 10  header checksum
            "0a470101",    // 12  source 10.71.1.1
            "0a470602",    // 16  destination 10.71.6.2
            "08", "00",    // 20  ICMP type 8 echo request, code 0
            "f0c5",        // 22  ICMP checksum
            "1234",        // 24  identifier 4660
            "0001",        // 26  sequence number 1
            FILLER);       // 28  32 bytes of data

    /**
     * Router 10.71.1.2's time exceeded for that probe, quoting its first 28 bytes (IP header + 8).
     * IPv4 checksum: 4500+0038+0309+0000+4001+0a47+0102+0a47+0101 = 0x9ed3, complement 0x612c.
     * ICMP checksum: 0b00 + (quoted header, which sums to 0xffff) + 0800+f0c5+1234+0001 = 0x215f9, folded
     * 0x15fb, complement 0xea04.
     */
    static final byte[] TIME_EXCEEDED = hex(
            "45", "00", "0038",     //  0  version/IHL, TOS, total length 56
            "0309", "0000",         //  4  identification 777, flags/fragment
            "40", "01", "612c",     //  8  TTL 64, protocol ICMP, checksum
            "0a470102", "0a470101", // 12  10.71.1.2 -> 10.71.1.1
            "0b", "00", "ea04",     // 20  type 11 time exceeded, code 0, checksum
            "00000000",             // 24  unused
            "45", "00", "003c", "0001", "0000", "01", "01", "9e30", "0a470101", "0a470602",  // 28 quoted IPv4 header
            "08", "00", "f0c5", "1234", "0001");                                              // 48 quoted ICMP header

    /**
     * A UDP probe, TTL 1, port 40000 -> 33434, 32 bytes of filler.
     * IPv4 checksum: 4500+003c+1234+0000+0111+0a47+0101+0a47+0602 = 0x7412, complement 0x8bed.
     * UDP checksum: pseudo-header 0a47+0101+0a47+0602+0011+0028 = 0x1bca; header 9c40+829a+0028 = 0x11f02;
     * filler 0x4f500; total 0x62fcc, folded 0x2fd2, complement 0xd02d.
     */
    static final byte[] UDP_PROBE = hex(
            "45", "00", "003c", "1234", "0000", "01", "11", "8bed", "0a470101", "0a470602",  //  0 IPv4, protocol 17
            "9c40",        // 20  source port 40000
            "829a",        // 22  destination port 33434
            "0028",        // 24  length 40
            "d02d",        // 26  checksum
            FILLER);       // 28  data

    /**
     * An ICMPv6 echo request fd00::1 -> fd00::2, hop limit 1, data "ABCD".
     * Checksum: pseudo-header fd00+0001+fd00+0002+000c (length 12)+003a (next header 58) = 0x1fa49;
     * message 8000+1234+0001+4142+4344 = 0x116bb; total 0x31104, folded 0x1107, complement 0xeef8.
     */
    static final byte[] ICMPV6_ECHO = hex(
            "60000000",    //  0  version 6, traffic class 0, flow label 0
            "000c",        //  4  payload length 12
            "3a",          //  6  next header 58 = ICMPv6
            "01",          //  7  hop limit 1
            "fd000000000000000000000000000001",  //  8 source fd00::1
            "fd000000000000000000000000000002",  // 24 destination fd00::2
            "80", "00", "eef8", "1234", "0001",  // 40 type 128, code 0, checksum, id, seq
            "41424344");   // 48  data "ABCD"

    static byte[] hex(String... parts) { return Bytes.fromHex(String.join("", parts)); }

    @Test
    void echoRequestDecodesFieldByField() {
        Decoded d = Decoder.decode(ECHO_REQUEST);
        assertThat(d.ok()).isTrue();
        assertThat(d.toString()).isEqualTo("""
                IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP  (bytes 0-19)
                      0  0100 ....            version          4          IPv4
                      0  .... 0101            header length    20 bytes   5 words of 4 bytes
                      1  00                   type of service  0x00       DSCP 0, ECN 0
                      2  00 3c                total length     60         header and payload, in bytes
                      4  00 01                identification   1          tells the fragments of one datagram apart
                      6  000. .... .... ....  flags            0x0        none: routers may fragment it
                      6  ...0 0000 0000 0000  fragment offset  0          first (or only) fragment
                      8  01                   time to live     1          routers left before it is dropped (each takes one)
                      9  01                   protocol         1          ICMP
                     10  9e 30                header checksum  0x9e30     correct
                     12  0a 47 01 01          source           10.71.1.1
                     16  0a 47 06 02          destination      10.71.6.2
                ICMP, echo request, id 4660, seq 1  (bytes 20-59)
                     20  08                   type             8          echo request
                     21  00                   code             0
                     22  f0 c5                checksum         0xf0c5     correct
                     24  12 34                identifier       4660       the sender's tag, to find its replies
                     26  00 01                sequence number  1          counts the requests
                     28  40 41 42 43 ...      data             32 bytes   "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"
                """);
    }

    @Test
    void timeExceededDecodesTheQuotedProbeInside() {
        Decoded d = Decoder.decode(TIME_EXCEEDED);
        assertThat(d.ok()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name).containsExactly("IPv4", "ICMP", "quoted IPv4", "quoted ICMP");
        assertThat(d.field("header checksum").meaning()).isEqualTo("correct");
        assertThat(d.layer("ICMP").field("type")).isEqualTo(new Field("type", 20, 1, 0, "11", "time exceeded"));
        assertThat(d.layer("ICMP").field("code").meaning()).isEqualTo("TTL expired in transit: a router on the way");
        assertThat(d.layer("ICMP").field("checksum").meaning()).isEqualTo("correct");
        Part.Layer quoted = d.layer("quoted IPv4");
        assertThat(quoted.offset()).isEqualTo(28);
        assertThat(quoted.field("time to live")).isEqualTo(new Field("time to live", 36, 1, 0, "1", "as it arrived where this error was made"));
        assertThat(quoted.field("total length").meaning()).isEqualTo("the probe was 60 bytes; the quote keeps the first 28");
        assertThat(quoted.field("header checksum").meaning()).isEqualTo("correct");
        assertThat(quoted.field("destination").value()).isEqualTo("10.71.6.2");
        // The quoted echo is cut after 8 bytes: its checksum cannot be checked, and that is not a problem.
        assertThat(d.layer("quoted ICMP").field("checksum").meaning()).isEqualTo("not checked: only the first 8 bytes of the message are here");
        assertThat(d.layer("quoted ICMP").field("sequence number").value()).isEqualTo("1");
        assertThat(d.toString()).contains("""
                  quoted IPv4, 10.71.1.1 > 10.71.6.2, ttl 1, ICMP  (bytes 28-47)
                       28  0100 ....            version          4          IPv4
                """);
    }

    @Test
    void udpProbeChecksumCoversThePseudoHeader() {
        Decoded d = Decoder.decode(UDP_PROBE);
        assertThat(d.ok()).isTrue();
        assertThat(d.layer("UDP").parts()).containsExactly(
                new Field("source port", 20, 2, 0, "40000", ""),
                new Field("destination port", 22, 2, 0, "33434", "traceroute's probe ports start at 33434"),
                new Field("length", 24, 2, 0, "40", "header and data, in bytes"),
                new Field("checksum", 26, 2, 0, "0xd02d", "correct (with the pseudo-header)"),
                new Field("data", 28, 32, 0, "32 bytes", "\"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_\""));
        // The codec computes the same checksum as the paper sum.
        assertThat(UdpHeader.of(Ipv4Header.v4(hex("0a470101")), Ipv4Header.v4(hex("0a470602")), 40000, 33434,
                Arrays.copyOfRange(UDP_PROBE, 28, 60)).checksum()).isEqualTo(0xd02d);
    }

    @Test
    void wrongChecksumsSayWhatTheyShouldBe() {
        byte[] p = ECHO_REQUEST.clone();
        p[11] = 0x31;  // header checksum 0x9e31
        p[23] = 0x00;  // ICMP checksum 0xf000
        Decoded d = Decoder.decode(p);
        assertThat(d.field("header checksum").meaning()).isEqualTo("wrong: should be 0x9e30");
        assertThat(d.layer("ICMP").field("checksum").meaning()).isEqualTo("wrong: should be 0xf0c5");
    }

    @Test
    void portUnreachableQuotesTheUdpProbe() {
        // 10.71.6.2 -> 10.71.1.1, type 3 code 3, quoting the UDP probe's header + 8 bytes.
        byte[] quote = Arrays.copyOf(UDP_PROBE, 28);
        byte[] icmp = new IcmpMessage(3, 3, 0, 0, quote).encode();
        icmp = new IcmpMessage(3, 3, Checksum.of(icmp), 0, quote).encode();
        byte[] ip = Ipv4Header.of(Ipv4Header.v4(hex("0a470602")), Ipv4Header.v4(hex("0a470101")), 62, 1, 5, icmp.length).encode();
        Decoded d = Decoder.decode(hex(Bytes.hex(ip).replace(" ", ""), Bytes.hex(icmp).replace(" ", "")));
        assertThat(d.ok()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name).containsExactly("IPv4", "ICMP", "quoted IPv4", "quoted UDP");
        assertThat(d.layer("ICMP").field("code").meaning()).isEqualTo("port unreachable: the destination itself answered");
        assertThat(d.layer("quoted UDP").field("destination port").value()).isEqualTo("33434");
        assertThat(d.layer("quoted UDP").field("length").meaning()).isEqualTo("the quote keeps 8 of them");
        assertThat(d.layer("quoted UDP").field("checksum").meaning()).isEqualTo("not checked: only part of the datagram is here");
    }

    @Test
    void icmpv6EchoWithThePseudoHeaderChecksum() {
        Decoded d = Decoder.decode(ICMPV6_ECHO);
        assertThat(d.ok()).isTrue();
        assertThat(d.layers()).extracting(Part.Layer::name).containsExactly("IPv6", "ICMPv6");
        assertThat(d.layers().get(0).summary()).isEqualTo("fd00::1 > fd00::2, hop limit 1, ICMPv6");  // RFC 5952 text
        assertThat(d.field("version").value()).isEqualTo("6");
        assertThat(d.field("hop limit").value()).isEqualTo("1");
        assertThat(d.field("next header").meaning()).isEqualTo("ICMPv6");
        assertThat(d.layer("ICMPv6").field("checksum").meaning()).isEqualTo("correct (with the IPv6 pseudo-header)");
        assertThat(d.layer("ICMPv6").field("type").meaning()).isEqualTo("echo request");
        byte[] bad = ICMPV6_ECHO.clone();
        bad[43] = 0;
        assertThat(Decoder.decode(bad).layer("ICMPv6").field("checksum").meaning()).isEqualTo("wrong: should be 0xeef8 (with the IPv6 pseudo-header)");
    }

    @Test
    void aBareIcmpMessageIsDecodedAsIcmp() {
        Decoded d = Decoder.decode(Arrays.copyOfRange(ECHO_REQUEST, 20, 60));
        assertThat(d.layers()).extracting(Part.Layer::name).containsExactly("ICMP");
        assertThat(d.field("checksum").meaning()).isEqualTo("correct");
        assertThat(d.field("identifier").offset()).isEqualTo(4);
    }

    @Test
    void aPacketCutShortShowsWhatIsThereAndWhereItStops() {
        Decoded d = Decoder.decode(Arrays.copyOf(TIME_EXCEEDED, 25));
        assertThat(d.field("total length").meaning()).isEqualTo("but only 25 bytes are here");
        assertThat(d.problems()).extracting(Part.Problem::offset, Part.Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(25, "the total length says 56 bytes, but the packet ends after 25: it was cut short"),
                org.assertj.core.groups.Tuple.tuple(25, "the ICMP header needs 8 bytes; the message ends after 5"));
        // type, code and checksum are whole; the 4 bytes after them are not.
        assertThat(d.layer("ICMP").parts()).extracting(Part::offset).containsExactly(20, 21, 22, 25);
        assertThat(d.toString()).endsWith("     25  !! the ICMP header needs 8 bytes; the message ends after 5\n");
    }

    @Test
    void aHeaderCutShortKeepsItsCompleteFields() {
        Decoded d = Decoder.decode(Arrays.copyOf(ECHO_REQUEST, 14));  // stops inside the source address
        assertThat(d.fields()).extracting(Field::name).containsExactly("version", "header length", "type of service",
                "total length", "identification", "flags", "fragment offset", "time to live", "protocol", "header checksum");
        assertThat(d.field("header checksum").meaning()).isEmpty();  // cannot be checked without the whole header
        assertThat(d.problems()).singleElement().hasToString("problem at byte 14: the IPv4 header needs 20 bytes; the packet ends after 14");
    }

    @Test
    void garbageIsShownNotThrown() {
        assertThat(Decoder.decode(new byte[0]).problems()).singleElement().hasToString("problem at byte 0: no bytes to decode");
        Decoded junk = Decoder.decode(hex("99", "0102"));
        assertThat(junk.problems()).singleElement().extracting(Part.Problem::message).asString().startsWith("byte 0 is 0x99");
        assertThat(junk.field("undecoded")).isEqualTo(new Field("undecoded", 0, 3, 0, "3 bytes", "\"...\""));
        Decoded tinyHeader = Decoder.decode(hex("43", "000014"));  // IHL 3 words: 12 bytes, below the minimum
        assertThat(tinyHeader.problems()).singleElement().extracting(Part.Problem::message)
                .isEqualTo("a header length of 12 bytes is below IPv4's minimum of 20: not a valid header");
        byte[] shortTotal = ECHO_REQUEST.clone();
        shortTotal[3] = 10;  // total length 10 < header length 20
        assertThat(Decoder.decode(shortTotal).field("total length").meaning()).isEqualTo("smaller than the header: impossible");
        byte[] quotedJunk = TIME_EXCEEDED.clone();
        quotedJunk[28] = 0x75;  // the quoted packet claims IP version 7
        assertThat(Decoder.decode(quotedJunk).problems()).extracting(Part.Problem::message)
                .containsExactly("IP version 7 (first four bits): only 4 and 6 exist");
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[random.nextInt(100)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) b[0] = (byte) (random.nextBoolean() ? 0x45 : 0x60);  // look like IP
            if (b.length > 9 && random.nextBoolean()) b[9] = (byte) (random.nextBoolean() ? 1 : 17);
            Decoded d = Decoder.decode(b);
            d.toString();
            Hexdump.of(d);
            // Every field lies inside the buffer.
            assertThat(d.fields()).allSatisfy(f -> assertThat(f.offset() + f.length()).isLessThanOrEqualTo(b.length));
        }
    }

    @Test
    void unknownFieldNamesSayWhichExist() {
        assertThatThrownBy(() -> Decoder.decode(ECHO_REQUEST).field("ttl"))
                .hasMessageStartingWith("no field \"ttl\"; the fields are: version, header length, type of service");
    }

    static List<String> names(Decoded d) { return d.fields().stream().map(Field::name).toList(); }

    @Test
    void aHeaderCutShortInventsNoAddressesFromPadding() {
        byte[] ten = Arrays.copyOf(new byte[] {0x45, 0, 0, 28, 0, 1, 0, 0, 5, 1, 0, 0, 10, 71, 1, 1, 10, 71, 6, 2}, 10);
        Decoded d = Decoder.decode(ten);
        assertThat(d.layers().get(0).summary()).isEqualTo("ttl 5, ICMP").doesNotContain("0.0.0.0");
        byte[] v6 = new byte[20];
        v6[0] = 0x60;
        v6[6] = 58;
        v6[7] = 9;
        assertThat(Decoder.decode(v6).layers().get(0).summary()).isEqualTo("hop limit 9, ICMPv6").doesNotContain("::");
    }
}
