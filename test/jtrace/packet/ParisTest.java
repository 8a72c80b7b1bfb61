package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paris probes, as properties over many random flows (seeded, so a failure repeats): every probe verifies,
 * the fields a load balancer hashes never move within a flow, and every probe's id comes back from it.
 */
class ParisTest {
    private static final int FLOWS = 300, PROBES_PER_FLOW = 40;

    private static InetAddress address(Random r, int family) throws UnknownHostException {
        byte[] b = new byte[family == 6 ? 16 : 4];
        r.nextBytes(b);
        return family == 6 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    }

    @ParameterizedTest(name = "IPv{0}")
    @ValueSource(ints = {4, 6})
    void everyUdpProbeVerifiesKeepsItsFlowAndCarriesItsIdInTheChecksum(int family) throws Exception {
        Random r = new Random(9 + family);
        for (int flow = 0; flow < FLOWS; flow++) {
            InetAddress src = address(r, family), dst = address(r, family);
            int sport = r.nextInt(65536), dport = r.nextInt(65536), length = 2 + r.nextInt(60);
            Set<Integer> payloadWords = new HashSet<>();
            for (int i = 0; i < PROBES_PER_FLOW; i++) {
                int id = i < 2 ? (i == 0 ? Paris.MIN_ID : Paris.MAX_ID) : Paris.MIN_ID + r.nextInt(Paris.MAX_ID);
                byte[] payload = Paris.udpPayload(src, dst, sport, dport, id, length);
                UdpHeader header = Paris.udpHeader(sport, dport, id, length);
                assertThat(Paris.udpVerifies(src, dst, header, payload)).as("flow %d id %d verifies", flow, id).isTrue();
                // What a kernel computing the checksum itself (a plain UDP socket) puts in the header: the id.
                assertThat(Paris.udpChecksum(src, dst, sport, dport, payload)).isEqualTo(id);
                assertThat(Paris.udpId(src, dst, sport, dport, payload)).as("id from the quoted payload").isEqualTo(id);
                // The flow: addresses and ports never move, and only the first two payload bytes change.
                assertThat(header.sourcePort()).isEqualTo(sport);
                assertThat(header.destinationPort()).isEqualTo(dport);
                assertThat(header.length()).isEqualTo(UdpHeader.LENGTH + length);
                assertThat(java.util.Arrays.copyOfRange(payload, 2, length))
                        .isEqualTo(java.util.Arrays.copyOfRange(Bytes.filler(length), 2, length));
                payloadWords.add(Bytes.u16(payload, 0));
            }
            assertThat(payloadWords).as("distinct ids, distinct compensations").hasSizeGreaterThan(PROBES_PER_FLOW - 3);
        }
    }

    @Test
    void aChangedByteNoLongerVerifies() throws Exception {
        InetAddress src = InetAddress.getByName("10.76.1.1"), dst = InetAddress.getByName("10.76.6.2");
        byte[] payload = Paris.udpPayload(src, dst, 40000, 33434, 0x1234, 12);
        assertThat(Paris.udpVerifies(src, dst, Paris.udpHeader(40000, 33434, 0x1234, 12), payload)).isTrue();
        assertThat(Paris.udpVerifies(src, dst, Paris.udpHeader(40000, 33434, 0x1235, 12), payload)).isFalse();
        assertThat(Paris.udpVerifies(src, InetAddress.getByName("10.76.6.3"), Paris.udpHeader(40000, 33434, 0x1234, 12), payload))
                .as("the pseudo-header counts").isFalse();
        assertThat(Paris.udpVerifies(src, dst, new UdpHeader(40000, 33434, 20, 0), payload)).as("no checksum").isFalse();
    }

    /** The swap, by hand: with the id in the payload the checksum is C; the Paris probe has C in the payload, id in the header. */
    @Test
    void theSwapIsTheWholeTrick() throws Exception {
        var src = (java.net.Inet4Address) InetAddress.getByName("192.0.2.1");
        var dst = (java.net.Inet4Address) InetAddress.getByName("198.51.100.7");
        byte[] plain = Bytes.filler(4);
        Bytes.put16(plain, 0, 0x0102);
        int c = UdpHeader.of(src, dst, 4000, 33434, plain).checksum();
        byte[] paris = Paris.udpPayload(src, dst, 4000, 33434, 0x0102, 4);
        assertThat(Bytes.u16(paris, 0)).isEqualTo(c);
        assertThat(paris[2]).isEqualTo(plain[2]);
        assertThat(UdpHeader.of(src, dst, 4000, 33434, paris).checksum()).isEqualTo(0x0102);
    }

    @Test
    void echoProbesKeepTheirChecksumWhateverTheSequence() {
        Random r = new Random(4);
        for (int flow = 0; flow < FLOWS; flow++) {
            int id = r.nextInt(65536), length = 2 + r.nextInt(60);
            Set<Integer> checksums = new HashSet<>(), seqs = new HashSet<>();
            for (int i = 0; i < PROBES_PER_FLOW; i++) {
                int seq = i == 0 ? 0 : i == 1 ? 0xffff : r.nextInt(65536);
                IcmpMessage echo = Paris.echoRequest(id, seq, length);
                assertThat(echo.checksumOk()).isTrue();
                assertThat(echo.type()).isEqualTo(IcmpMessage.ECHO_REQUEST);
                assertThat(echo.id()).isEqualTo(id);
                assertThat(echo.seq()).isEqualTo(seq);
                checksums.add(echo.checksum());
                seqs.add(seq);
            }
            assertThat(seqs).hasSizeGreaterThan(PROBES_PER_FLOW / 2);
            assertThat(checksums).as("one checksum per flow").hasSize(1);
        }
    }

    @Test
    void eachFlowHasAChecksumOfItsOwn() {
        Set<Integer> perFlow = new HashSet<>();
        for (int flow = 0; flow < 256; flow++) {
            Set<Integer> checksums = new HashSet<>();
            for (int seq : new int[] {0, 1, 77, 0xfffe, 0xffff}) {
                IcmpMessage echo = IcmpMessage.echoRequest(4242, seq, Paris.echoPayload(seq, flow, 12));
                assertThat(echo.checksumOk()).isTrue();
                checksums.add(echo.checksum());
            }
            assertThat(checksums).as("flow %d", flow).hasSize(1);
            perFlow.addAll(checksums);
        }
        assertThat(perFlow).as("256 flows, 256 checksums").hasSize(256);
    }

    @Test
    void echoProbesKeepTheirChecksumOverIpv6Too() throws Exception {
        Random r = new Random(6);
        for (int flow = 0; flow < FLOWS / 3; flow++) {
            var src = (Inet6Address) address(r, 6);
            var dst = (Inet6Address) address(r, 6);
            int id = r.nextInt(65536), length = 2 + r.nextInt(60);
            Set<Integer> checksums = new HashSet<>();
            for (int i = 0; i < PROBES_PER_FLOW; i++) {
                int seq = r.nextInt(65536);
                Icmpv6Message echo = Paris.echoRequest6(src, dst, id, seq, length);
                assertThat(echo.checksumOk(src, dst)).isTrue();
                assertThat(echo.id()).isEqualTo(id);
                assertThat(echo.seq()).isEqualTo(seq);
                checksums.add(echo.checksum());
            }
            assertThat(checksums).as("one checksum per flow").hasSize(1);
        }
    }

    @Test
    void idsAndLengthsOutOfRangeAreRefused() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        assertThatThrownBy(() -> Paris.udpPayload(a, a, 1, 2, 0, 8)).hasMessage("a Paris probe id is 1..65534, not 0");
        assertThatThrownBy(() -> Paris.udpPayload(a, a, 1, 2, 0xffff, 8)).hasMessage("a Paris probe id is 1..65534, not 65535");
        assertThatThrownBy(() -> Paris.udpPayload(a, a, 1, 2, 7, 1)).hasMessageContaining("at least 2 bytes");
        assertThatThrownBy(() -> Paris.echoPayload(7, 0)).hasMessageContaining("at least 2 bytes");
        assertThatThrownBy(() -> Paris.udpPayload(a, InetAddress.getByName("::1"), 1, 2, 7, 8)).hasMessageContaining("not of one family");
    }

    /** A checksum-offloading sender leaves the pseudo-header's partial sum in the field; completed, it is the real one. */
    @Test
    void aPartialChecksumReadsAsTheCompleteOneAndANatRewriteStillShows() throws Exception {
        InetAddress src = InetAddress.getByName("10.83.1.1"), dst = InetAddress.getByName("10.83.6.2");
        InetAddress natted = InetAddress.getByName("10.83.2.2");
        byte[] payload = Paris.udpPayload(src, dst, 40000, 33434, 0x1234, 32);
        UdpHeader complete = new UdpHeader(40000, 33434, UdpHeader.LENGTH + payload.length, 0x1234);
        assertThat(Paris.udpVerifies(src, dst, complete, payload)).isTrue();
        assertThat(Paris.udpCompleteChecksum(src, dst, complete, payload)).isEqualTo(0x1234);

        // Linux: uh->check = ~csum_tcpudp_magic(saddr, daddr, len, IPPROTO_UDP, 0), the folded pseudo-header sum.
        long pseudo = Checksum.sum(Checksum.sum(0, src.getAddress(), 0, 4), dst.getAddress(), 0, 4) + Ipv4Header.PROTO_UDP + complete.length();
        int partial = ~Checksum.finish(pseudo) & 0xffff;
        UdpHeader offloaded = new UdpHeader(40000, 33434, complete.length(), partial);
        assertThat(Paris.udpVerifies(src, dst, offloaded, payload)).isFalse();
        assertThat(Paris.udpCompleteChecksum(src, dst, offloaded, payload)).isEqualTo(0x1234);

        // Behind a NAT the quote shows our addresses again but the checksum the NAT left (for its own address).
        long nattedPseudo = Checksum.sum(Checksum.sum(0, natted.getAddress(), 0, 4), dst.getAddress(), 0, 4) + Ipv4Header.PROTO_UDP + complete.length();
        UdpHeader rewritten = new UdpHeader(40000, 33434, complete.length(), ~Checksum.finish(nattedPseudo) & 0xffff);
        assertThat(Paris.udpCompleteChecksum(src, dst, rewritten, payload)).isNotEqualTo(0x1234);
    }
}
