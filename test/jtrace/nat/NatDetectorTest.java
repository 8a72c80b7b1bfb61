package jtrace.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import jtrace.packet.Paris;
import org.junit.jupiter.api.Test;

class NatDetectorTest {
    private static InetAddress ip(String a) throws Exception { return InetAddress.getByName(a); }

    /** What the nat lab's routers quoted (captured with a raw socket): veth leaves partial checksums, the NAT shifts them. */
    @Test
    void theLabsNatShowsAtHopThree() throws Exception {
        List<NatDetector.Quote> q = List.of(
                new NatDetector.Quote(1, ip("10.78.1.2"), 0x1bd8, 0xeabd), new NatDetector.Quote(2, ip("10.78.2.2"), 0x1bd8, 0xeabc),
                new NatDetector.Quote(3, ip("10.78.3.2"), 0x1fd8, 0xeabb), new NatDetector.Quote(4, ip("10.78.4.2"), 0x1fd8, 0xeaba),
                new NatDetector.Quote(5, ip("10.78.5.2"), 0x1fd8, 0xeab9), new NatDetector.Quote(6, ip("10.78.6.2"), 0x1fd8, 0xeab8));
        assertThat(NatDetector.firstHopBehindNat(q)).isEqualTo(3);
        assertThat(NatDetector.firstHopBehindNat(q.subList(0, 2))).isEqualTo(-1);
    }

    /** Complete checksums (Paris: key + 1, the payload compensating): no NAT until the checksum's flow changes. */
    @Test
    void completeChecksumsOfOneFlowAreOneFlowWhateverTheKey() throws Exception {
        InetAddress src = ip("192.0.2.1"), nat = ip("198.51.100.1"), dst = ip("203.0.113.9");
        List<NatDetector.Quote> q = new ArrayList<>();
        for (int ttl = 1; ttl <= 6; ttl++) {
            for (int key = 0; key < 3; key++) {
                int id = 1 + ttl * 3 + key;
                byte[] payload = Paris.udpPayload(src, dst, 40000, 33434, id, 32);
                // Behind the NAT (hop 4 on) the quoted checksum is the one the NAT's rewrite left: another source's.
                int checksum = ttl < 4 ? id : Paris.udpId(nat, dst, 40000, 33434, payload);
                q.add(new NatDetector.Quote(ttl, dst, checksum, jtrace.packet.Bytes.u16(payload, 0)));
            }
        }
        assertThat(NatDetector.firstHopBehindNat(q)).isEqualTo(4);
        assertThat(NatDetector.firstHopBehindNat(q.subList(0, 9))).isEqualTo(-1);
    }
}
