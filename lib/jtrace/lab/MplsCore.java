package jtrace.lab;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import jtrace.packet.Checksum;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.IcmpExtensions.InterfaceInfo;
import jtrace.packet.IcmpExtensions.MplsEntry;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.MalformedPacketException;

/**
 * The MPLS lab's label-switched core, as packets: Linux routers send no ICMP extensions, so router 2 routes
 * everything towards the destination into a TUN device and this answers for {@value #LSRS} label switching
 * routers behind it. A packet that would expire at LSR i (its TTL is i as it arrives) gets a time exceeded
 * from LSR i carrying RFC 4884 extensions — the MPLS label stack it "arrived with" (RFC 4950: label 24000 + i,
 * bottom of stack, TTL 1) and RFC 5837 information about the interface it came in on — and any other packet
 * leaves the core {@value #LSRS} hops older, towards router 3 (router 2 forwards it from the TUN device and
 * takes one more, so the core writes it back with TTL − {@value #LSRS} + 1). Pure: bytes in, bytes out.
 */
final class MplsCore {
    /** Label switching routers in the core. */
    static final int LSRS = 3;
    static final int FIRST_LABEL = 24001;
    private static final int REPLY_TTL = 64, INTERFACE_MTU = 1500;

    private final Topology topology;

    MplsCore(Topology topology) { this.topology = topology; }

    /** What to write back into the TUN device for one packet read from it: an answer, the packet aged, or nothing. */
    List<byte[]> handle(byte[] packet) {
        try {
            if (packet.length == 0) return List.of();
            return switch ((packet[0] & 0xf0) >> 4) {
                case 4 -> List.of(v4(packet));
                case 6 -> List.of(v6(packet));
                default -> List.of();
            };
        } catch (MalformedPacketException notAPacket) {
            return List.of();
        }
    }

    private byte[] v4(byte[] packet) {
        Ipv4Header h = Ipv4Header.parse(packet, 0);
        if (h.ttl() > LSRS) return aged(packet, h, h.ttl() - LSRS + 1);  // router 2 takes one more as it forwards it on
        int lsr = h.ttl();
        byte[] quote = Arrays.copyOf(aged(packet, h, 1), Math.min(packet.length, IcmpExtensions.MIN_QUOTE));
        byte[] body = IcmpExtensions.errorBody(quote, extensions(lsr, topology.lsr(lsr)), false);
        IcmpMessage m = new IcmpMessage(IcmpMessage.TIME_EXCEEDED, 0, 0, IcmpExtensions.lengthWord(quote.length, false), body);
        byte[] icmp = m.withChecksum(Checksum.of(m.encode())).encode();
        byte[] ip = Ipv4Header.of((Inet4Address) topology.lsr(lsr), h.source(), REPLY_TTL, Ipv4Header.PROTO_ICMP, lsr, icmp.length).encode();
        return concat(ip, icmp);
    }

    /** The IPv4 packet with another TTL and its header checksum recomputed. */
    private static byte[] aged(byte[] packet, Ipv4Header h, int ttl) {
        Ipv4Header changed = new Ipv4Header(h.tos(), h.totalLength(), h.id(), h.flags(), h.fragmentOffset(), ttl, h.protocol(), 0,
                h.source(), h.destination(), h.options());
        byte[] header = changed.withChecksum(Checksum.of(changed.encode())).encode();
        byte[] out = packet.clone();
        System.arraycopy(header, 0, out, 0, header.length);
        return out;
    }

    private byte[] v6(byte[] packet) {
        Ipv6Header h = Ipv6Header.parse(packet, 0);
        if (h.hopLimit() > LSRS) return withHopLimit(packet, h.hopLimit() - LSRS + 1);
        int lsr = h.hopLimit();
        Inet6Address from = (Inet6Address) topology.lsr6(lsr);
        byte[] quote = Arrays.copyOf(withHopLimit(packet, 1), Math.min(packet.length, IcmpExtensions.MIN_QUOTE));
        byte[] body = IcmpExtensions.errorBody(quote, extensions(lsr, from), true);
        byte[] icmp = new Icmpv6Message(Icmpv6Message.TIME_EXCEEDED, 0, 0, IcmpExtensions.lengthWord(quote.length, true), body)
                .withChecksum(from, h.source()).encode();
        return concat(Ipv6Header.of(from, h.source(), REPLY_TTL, Ipv6Header.NEXT_ICMPV6, icmp.length).encode(), icmp);
    }

    private static byte[] withHopLimit(byte[] packet, int hopLimit) {
        byte[] out = packet.clone();
        out[7] = (byte) hopLimit;
        return out;
    }

    /** LSR i's extensions: the label stack the packet came in with, and the interface it came in on. */
    static byte[] extensions(int lsr, InetAddress address) {
        return IcmpExtensions.encode(List.of(
                IcmpExtensions.mplsObject(List.of(new MplsEntry(FIRST_LABEL + lsr - 1, 0, true, 1))),
                IcmpExtensions.interfaceObject(new InterfaceInfo(0, lsr, address, "lsr" + lsr + "-in", INTERFACE_MTU))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
