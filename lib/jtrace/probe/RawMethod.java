package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import jtrace.packet.Bytes;
import jtrace.packet.AddressText;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.sys.ErrnoException;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * --raw, the original RouteScanner's design, kept for teaching: every probe is a whole IP packet built here
 * — the header with the TTL, then an ICMP echo request — and sent through a raw socket that takes our header
 * as it is. The same raw socket hears the answers. Needs root or CAP_NET_RAW.
 * <ul>
 *   <li>IPv4: {@link Ipv4Header} (with its checksum) + {@link IcmpMessage}, on a raw ICMP socket with IP_HDRINCL.</li>
 *   <li>IPv6: {@link Ipv6Header} (no checksum; the hop limit is the TTL) + {@link Icmpv6Message} whose checksum we
 *       compute over the pseudo-header ourselves, on a raw ICMPv6 socket with IPV6_HDRINCL (Linux 4.5+). IPv6
 *       has no IP_HDRINCL in the standard API; Linux's IPV6_HDRINCL sends our 40 bytes unchanged and, unlike
 *       a plain raw ICMPv6 socket, leaves the checksum to us.</li>
 * </ul>
 */
public final class RawMethod extends SocketMethod {
    private final InetAddress source;
    private final int echoId;
    private final int firstSeq;
    private final byte[] payload;
    private final RawIcmpMatcher matcher;
    /** Paris: one checksum for every probe of the trace ({@link jtrace.packet.Paris#echoPayload}); or classic. */
    private final int flow;

    private RawMethod(NativeSocket socket, InetAddress target, InetAddress source, ProbeSettings options, int echoId) {
        super(socket, target, options.packetSize(), options, POLLIN);
        this.source = source;
        this.echoId = echoId;
        this.firstSeq = options.port() != 0 ? options.port() : 1;
        this.payload = Bytes.filler(options.packetSize() - family.headerLength - IcmpMessage.HEADER_LENGTH);
        this.matcher = new RawIcmpMatcher(family, targetBytes, echoId);
        this.flow = payload.length >= jtrace.packet.Paris.COMPENSATION ? options.flow() : ProbeSettings.CLASSIC;
    }

    /**
     * Opens the raw socket. The source address goes into our header as real bytes: -s, or the address the
     * kernel would pick for the target (Linux would fill in a zero source, but then the lesson hides it,
     * and the ICMPv6 checksum could not be computed).
     */
    static RawMethod open(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        return open(target, options, IcmpMethod.randomEchoId());
    }

    /** Opens --raw whose echo requests carry {@code echoId}: a packet built by hand with it ({@link #sendPacket}) is matched. */
    public static RawMethod open(InetAddress target, ProbeSettings options, int echoId) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket socket = ProbeSockets.rawIcmp(family, ProbeSockets::rawDenied);
        try {
            InetAddress source = options.source() != null ? options.source() : ProbeSockets.routeSource(target, options.device());
            ProbeSockets.restrict(socket, options, false);
            ProbeSockets.enable(socket, family.level, family == IpFamily.V4 ? IP_HDRINCL : IPV6_HDRINCL, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.receiveAnswersOnly(socket, family);
            if (family == IpFamily.V6) ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            return new RawMethod(socket, target, source, options, echoId);
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    @Override
    public Method kind() { return Method.RAW; }

    @Override
    boolean readsRawPackets() { return true; }

    /**
     * Sends {@code packet}, a whole IP packet built by hand, byte for byte (teaching: Jtrace.send). Its answer is
     * matched like a probe's when it is an ICMP echo request to the target with {@link #echoId()}. At most
     * {@link #packetSize()} bytes.
     */
    public long sendPacket(byte[] packet) throws IOException {
        if (packet.length > packetSize()) throw new IllegalArgumentException("packet of " + packet.length
                + " bytes, but this method was opened for " + packetSize() + " (ProbeSettings.packetSize)");
        return transmit(packet, 0);
    }

    /** The source address written into each header. */
    @Override
    public InetAddress source() { return source; }

    /** The echo identifier in our requests. */
    public int echoId() { return echoId; }

    @Override
    public long send(int ttl, int key) throws IOException {
        requireTtl(ttl);  // no setsockopt to refuse a bad TTL: it goes straight into our header
        int seq = IcmpMethod.seqFor(firstSeq, key);
        byte[] payload = flow == ProbeSettings.CLASSIC ? this.payload : jtrace.packet.Paris.echoPayload(seq, flow, this.payload.length);
        byte[] ip, icmp;
        if (target instanceof Inet6Address dst) {
            Inet6Address src = (Inet6Address) source;
            icmp = Icmpv6Message.echoRequest(src, dst, echoId, seq, payload).encode();
            ip = Ipv6Header.of(src, dst, ttl, Ipv6Header.NEXT_ICMPV6, icmp.length).encode();
        } else {
            icmp = IcmpMessage.echoRequest(echoId, seq, payload).encode();
            // IP id 0 would let the kernel choose one; use the sequence so that the bytes we show are the bytes sent.
            ip = Ipv4Header.of((Inet4Address) source, (Inet4Address) target, ttl, Ipv4Header.PROTO_ICMP, seq == 0 ? 0xffff : seq, icmp.length).encode();
        }
        byte[] packet = new byte[ip.length + icmp.length];
        System.arraycopy(ip, 0, packet, 0, ip.length);
        System.arraycopy(icmp, 0, packet, ip.length, icmp.length);
        return transmit(packet, 0);
    }

    @Override
    IOException sendFailed(int errno) {
        IOException e = super.sendFailed(errno);
        if (errno != ErrnoException.EMSGSIZE) return e;
        return new IOException(e.getMessage() + " (hand-built packets are not fragmented: use a packet length up to the interface's MTU)", e);
    }

    @Override
    Reply fromData(Message m) {
        return matcher.match(m) ? matcher.reply(this, IcmpMethod.keyFor(firstSeq, matcher.seq), m) : null;
    }

    @Override
    public String toString() { return super.toString() + " from " + AddressText.of(source); }
}
