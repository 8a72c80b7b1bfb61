package jtrace.probe;

import static jtrace.sys.Sockets.MSG_DONTWAIT;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jtrace.packet.Bytes;
import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.MalformedPacketException;
import jtrace.packet.Paris;
import jtrace.packet.UdpHeader;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * Root only, IPv4: a raw ICMP socket beside a UDP trace, to read what the routers quoted of our probes — the
 * quoted UDP header, which a UDP socket's error queue does not hand over. Dublin traceroute's NAT test
 * ({@code jtrace.nat.NatDetector}) reads the quoted checksum. Opened before the trace (and before a sudo drop),
 * read after it; it only ever reads, and keeps what quotes our source port, our target and our flow's port.
 */
public final class QuoteWatch implements AutoCloseable {
    /** One router's quote of one of our probes. */
    public record Quoted(InetAddress from, int destinationPort, int checksum, int payloadWord) {}

    private final NativeSocket socket;
    private final UdpMethod udp;
    private final Message message = new Message();
    private final byte[] buffer = new byte[2048];

    private QuoteWatch(NativeSocket socket, UdpMethod udp) {
        this.socket = socket;
        this.udp = udp;
    }

    /** A watch on {@code method}'s probes, or null where it cannot be (not root, IPv6, classic UDP, another method). */
    public static QuoteWatch open(ProbeMethod method) {
        if (!(method instanceof UdpMethod udp) || !udp.paris() || !(udp.target() instanceof Inet4Address)) return null;
        try {
            NativeSocket socket = ProbeSockets.rawIcmp(IpFamily.V4, () -> "no raw socket");
            try {
                ProbeSockets.receiveAnswersOnly(socket, IpFamily.V4);
                return new QuoteWatch(socket, udp);
            } catch (ProbeSetupException e) {
                socket.close();
                return null;
            }
        } catch (ProbeSetupException notRoot) {
            return null;
        }
    }

    /** Every quote of our probes that arrived so far, in order. */
    public List<Quoted> drain() {
        List<Quoted> all = new ArrayList<>();
        while (socket.isOpen()) {
            int n = socket.receive(message, MSG_DONTWAIT);
            if (n < 0) break;  // EAGAIN: nothing more (or an error: stop reading)
            int length = message.copyData(buffer);
            try {
                Quoted q = parse(Bytes.slice(buffer, 0, Math.min(length, buffer.length)));
                if (q != null) all.add(q);
            } catch (MalformedPacketException ignored) {
                // not a packet we can read: not ours
            }
        }
        return all;
    }

    /** An ICMP error (verified) from a router quoting a UDP probe of ours, or null. */
    Quoted parse(byte[] packet) {
        Ipv4Header ip = Ipv4Header.parse(packet, 0);
        int end = Math.min(packet.length, ip.totalLength());
        if (Checksum.of(packet, ip.headerLength(), end - ip.headerLength()) != 0) return null;
        IcmpMessage icmp = IcmpMessage.parse(packet, ip.headerLength(), end);
        if (!icmp.isError()) return null;
        byte[] body = icmp.body();
        Ipv4Header quoted = Ipv4Header.parse(body, 0);
        if (quoted.protocol() != Ipv4Header.PROTO_UDP || !quoted.destination().equals(udp.target())) return null;
        UdpHeader h = UdpHeader.parse(body, quoted.headerLength());
        int port = h.destinationPort();
        if (h.sourcePort() != udp.sourcePort() || port < udp.basePort() || port >= udp.basePort() + udp.flows()) return null;
        int word = body.length >= quoted.headerLength() + UdpHeader.LENGTH + 2 ? Bytes.u16(body, quoted.headerLength() + UdpHeader.LENGTH) : -1;
        if (word < 0) return null;
        int payloadAt = quoted.headerLength() + UdpHeader.LENGTH, payloadEnd = quoted.headerLength() + h.length();
        int checksum = payloadEnd <= body.length && h.length() >= UdpHeader.LENGTH  // the whole datagram quoted: complete its checksum
                ? Paris.udpCompleteChecksum(quoted.source(), quoted.destination(), h, Bytes.slice(body, payloadAt, payloadEnd - payloadAt))
                : h.checksum();
        try {
            return new Quoted(InetAddress.getByAddress(ip.source().getAddress()), port, checksum, word);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public void close() { socket.close(); }
}
