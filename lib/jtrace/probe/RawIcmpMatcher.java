package jtrace.probe;

import jtrace.packet.Bytes;
import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.sys.Message;

/**
 * Finds the answers to our echo requests among every ICMP packet a raw socket sees (a raw socket gets a
 * copy of each one the host receives). Accepts an echo reply carrying our id, or an error whose quoted
 * packet is our echo request to the target; verifies the ICMP checksum. Shared by -I's raw fallback and
 * --raw. Parses in place in one reused buffer; the fields below describe the last match.
 */
final class RawIcmpMatcher {
    private final byte[] packet = new byte[Message.DATA_CAPACITY];
    private final int targetAddress;
    private final int echoId;

    int seq, type, code, from, ttl, destination, mtu;

    RawIcmpMatcher(int targetAddress, int echoId) {
        this.targetAddress = targetAddress;
        this.echoId = echoId;
    }

    /** Whether the received IPv4 packet answers one of our probes; if so the fields are set. */
    boolean match(Message m) {
        return match(packet, m.copyData(packet));
    }

    /** Whether the first {@code n} bytes of {@code packet}, an IPv4 packet as a raw socket reads it, answer us. */
    boolean match(byte[] packet, int n) {
        if (n < Ipv4Header.MIN_LENGTH || (packet[0] & 0xf0) != 0x40) return false;
        int ihl = (packet[0] & 0x0f) * 4;
        int end = Bytes.u16(packet, 2);  // the IP total length
        if (end > n) return false;  // cut short, or lying: the ICMP checksum could not cover the message
        if (ihl < Ipv4Header.MIN_LENGTH || end < ihl + IcmpMessage.HEADER_LENGTH || packet[9] != Ipv4Header.PROTO_ICMP) return false;
        if (Checksum.of(packet, ihl, end - ihl) != 0) return false;  // raw sockets get packets before ICMP checks them
        type = Bytes.u8(packet, ihl);
        code = Bytes.u8(packet, ihl + 1);
        from = (int) Bytes.u32(packet, 12);
        ttl = Bytes.u8(packet, 8);
        if (type == IcmpMessage.ECHO_REPLY) {
            if (Bytes.u16(packet, ihl + 4) != echoId) return false;
            seq = Bytes.u16(packet, ihl + 6);
            destination = from;  // the echo reply comes from the destination
            mtu = 0;
            return true;
        }
        if (type != IcmpMessage.DEST_UNREACHABLE && type != IcmpMessage.TIME_EXCEEDED && type != IcmpMessage.PARAMETER_PROBLEM)
            return false;
        int quoted = ihl + IcmpMessage.HEADER_LENGTH;  // the original IP header, then at least 8 bytes of ICMP
        if (end < quoted + Ipv4Header.MIN_LENGTH || (packet[quoted] & 0xf0) != 0x40) return false;
        int quotedIhl = (packet[quoted] & 0x0f) * 4;
        int echo = quoted + quotedIhl;
        if (quotedIhl < Ipv4Header.MIN_LENGTH || end < echo + IcmpMessage.HEADER_LENGTH) return false;
        if (packet[quoted + 9] != Ipv4Header.PROTO_ICMP || (int) Bytes.u32(packet, quoted + 16) != targetAddress) return false;
        if (Bytes.u8(packet, echo) != IcmpMessage.ECHO_REQUEST || Bytes.u16(packet, echo + 4) != echoId) return false;
        seq = Bytes.u16(packet, echo + 6);
        destination = targetAddress;
        mtu = type == IcmpMessage.DEST_UNREACHABLE && code == 4 ? Bytes.u16(packet, ihl + 6) : 0;
        return true;
    }
}
