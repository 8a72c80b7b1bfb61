package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;

import jtrace.Options;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.sys.ErrnoException;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * --raw, the original RouteScanner's design, kept for teaching: every probe is a whole IPv4 packet built
 * here — {@link Ipv4Header} with the TTL, then an {@link IcmpMessage} echo request — and sent through a raw
 * socket with IP_HDRINCL, so the kernel sends our bytes as they are. The same raw ICMP socket hears the
 * answers. Needs root or CAP_NET_RAW.
 */
public final class RawMethod extends SocketMethod {
    private final Inet4Address source;
    private final int echoId;
    private final int firstSeq;
    private final byte[] payload;
    private final RawIcmpMatcher matcher;

    private RawMethod(NativeSocket socket, Inet4Address target, Inet4Address source, Options options) {
        super(socket, target, options.packetSize(), POLLIN);
        this.source = source;
        this.echoId = IcmpMethod.randomEchoId();
        this.firstSeq = options.port() != 0 ? options.port() : 1;
        this.payload = filler(options.packetSize() - Ipv4Header.MIN_LENGTH - IcmpMessage.HEADER_LENGTH);
        this.matcher = new RawIcmpMatcher(targetAddress, echoId);
    }

    /**
     * Opens the raw socket. The source address goes into our header as real bytes: -s, or the address the
     * kernel would pick for the target (Linux would fill in 0.0.0.0, but then the lesson hides it).
     */
    static RawMethod open(Inet4Address target, Options options) throws ProbeSetupException {
        NativeSocket socket = ProbeSockets.rawIcmp(ProbeSockets::rawDenied);
        try {
            Inet4Address source = options.source() != null ? (Inet4Address) options.source()
                    : ProbeSockets.routeSource(target, options.device());
            ProbeSockets.restrict(socket, options, false);
            ProbeSockets.enable(socket, SOL_IP, IP_HDRINCL, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.enable(socket, SOL_RAW, ICMP_FILTER, IcmpMethod.ANSWERS_ONLY);
            return new RawMethod(socket, target, source, options);
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    @Override
    public String name() { return "raw"; }

    /** The source address written into each header. */
    public Inet4Address source() { return source; }

    /** The echo identifier in our requests. */
    public int echoId() { return echoId; }

    @Override
    public long send(int ttl, int key) throws IOException {
        requireTtl(ttl);  // no setsockopt to refuse a bad TTL: it goes straight into our header
        int seq = IcmpMethod.seqFor(firstSeq, key);
        byte[] icmp = IcmpMessage.echoRequest(echoId, seq, payload).encode();
        // IP id 0 would let the kernel choose one; use the sequence so that the bytes we show are the bytes sent.
        byte[] ip = Ipv4Header.of(source, target, ttl, Ipv4Header.PROTO_ICMP, seq == 0 ? 0xffff : seq, icmp.length).encode();
        byte[] packet = new byte[ip.length + icmp.length];
        System.arraycopy(ip, 0, packet, 0, ip.length);
        System.arraycopy(icmp, 0, packet, ip.length, icmp.length);
        return transmit(packet, 0);
    }

    @Override
    IOException sendFailed(int errno) {
        IOException e = super.sendFailed(errno);
        if (errno != ErrnoException.EMSGSIZE) return e;
        return new IOException(e.getMessage() + " (IP_HDRINCL packets are not fragmented: use a packet length up to the interface's MTU)", e);
    }

    @Override
    Reply fromData(Message m) {
        if (!matcher.match(m)) return null;
        return reply(IcmpMethod.keyFor(firstSeq, matcher.seq), matcher.from, matcher.type, matcher.code,
                m.timestamp(), matcher.ttl, matcher.destination, matcher.mtu);
    }

    @Override
    public String toString() { return super.toString() + " from " + source.getHostAddress(); }
}
