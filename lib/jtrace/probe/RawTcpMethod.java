package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import jtrace.packet.AddressText;
import jtrace.packet.IcmpExtensions;
import jtrace.packet.Ipv4Header;
import jtrace.packet.TcpHeader;
import jtrace.sys.ErrnoException;
import jtrace.sys.Interfaces;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;
import jtrace.sys.PollSet;

/**
 * TCP as root, traceroute -T's way: every probe a SYN built by hand ({@link TcpHeader}, checksum over the
 * pseudo-header) from one source port, the key in the low 16 bits of the sequence number — inside the 8 bytes
 * every router quotes. IPv4: the whole packet with our IP header (raw TCP socket, IP_HDRINCL); IPv6: the TCP
 * header on a raw TCP socket with the hop limit set per probe. Routers' errors come on a raw ICMP (ICMPv6)
 * socket and must quote our target, ports and sequence; the destination's SYN-ACK or RST on the raw TCP socket
 * must come from the target's port to ours and acknowledge one of our sequence numbers ({@link RawTcpMatcher}
 * decides, on the bytes alone). The kernel, which knows no such connection, resets any SYN-ACK itself. Sends and
 * deadlines are on the monotonic {@link MethodClock}; the kernel's receive stamps are moved onto it. Needs root or
 * CAP_NET_RAW.
 */
public final class RawTcpMethod implements ProbeMethod, LastSent {
    private final InetAddress target, source;
    private final IpFamily family;
    private final NativeSocket tcp, icmp;
    private final PollSet poll = new PollSet(2);
    private final Message message = new Message();
    private final MethodClock clock;
    private final RawTcpMatcher matcher;
    private final byte[] targetBytes, packet = new byte[Message.DATA_CAPACITY], sender = new byte[16];
    private final int port, sourcePort;
    /** The high 16 bits of every sequence number (random): the low 16 are the key. */
    private final long sequenceBase;
    private final boolean extensions;
    private int socketTtl = -1;
    private byte[] lastSent = new byte[0];

    private RawTcpMethod(InetAddress target, InetAddress source, NativeSocket tcp, NativeSocket icmp, ProbeSettings options, MethodClock clock) {
        this.clock = clock;
        this.target = target;
        this.source = source;
        this.family = IpFamily.of(target);
        this.tcp = tcp;
        this.icmp = icmp;
        this.targetBytes = target.getAddress();
        this.port = options.port() != 0 ? options.port() : ProbeSettings.DEFAULT_TCP_PORT;
        this.sourcePort = ThreadLocalRandom.current().nextInt(32768, 61000);  // an ephemeral port nobody listens on
        this.sequenceBase = (long) ThreadLocalRandom.current().nextInt(1, 0x10000) << 16;
        this.extensions = options.extensions();
        this.matcher = new RawTcpMatcher(targetBytes, source.getAddress(), sourcePort, port, sequenceBase);
        poll.set(0, tcp, POLLIN);
        poll.set(1, icmp, POLLIN);
    }

    /**
     * Opens the raw TCP socket and the raw ICMP socket, or returns null when raw sockets are not permitted (no root,
     * no CAP_NET_RAW): -T then uses {@link TcpConnectMethod}, which any user may.
     */
    static RawTcpMethod openIfPermitted(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        return openIfPermitted(target, options, new MethodClock());
    }

    /** The same on {@code clock} (tests step its clocks). */
    static RawTcpMethod openIfPermitted(InetAddress target, ProbeSettings options, MethodClock clock) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket tcp;
        try {
            tcp = NativeSocket.open(family.domain, SOCK_RAW, IPPROTO_TCP, family.describe(SOCK_RAW, IPPROTO_TCP));
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EPERM || e.errno() == ErrnoException.EACCES) return null;
            throw ProbeSockets.failed("cannot open a raw TCP socket", e);
        }
        NativeSocket icmp = null;
        try {
            icmp = ProbeSockets.rawIcmp(family, () -> "raw TCP needs root or CAP_NET_RAW");
            InetAddress source = options.source() != null ? options.source() : ProbeSockets.routeSource(target, options.device());
            for (NativeSocket s : new NativeSocket[] {tcp, icmp}) {
                ProbeSockets.restrict(s, options, false);
                ProbeSockets.enable(s, SOL_SOCKET, SO_TIMESTAMPNS, 1);
                if (family == IpFamily.V6) ProbeSockets.enable(s, family.level, family.recvHopLimitOption, 1);  // no IP header to read it from
            }
            ProbeSockets.receiveAnswersOnly(icmp, family);
            if (family == IpFamily.V4) ProbeSockets.enable(tcp, SOL_IP, IP_HDRINCL, 1);
            else tcp.bind(source, 0);  // the source our checksum was computed with
            return new RawTcpMethod(target, source, tcp, icmp, options, clock);
        } catch (ProbeSetupException | RuntimeException e) {
            tcp.close();
            if (icmp != null) icmp.close();
            throw e;
        } catch (ErrnoException e) {
            tcp.close();
            icmp.close();
            throw ProbeSockets.failed("cannot bind the raw TCP socket to " + AddressText.of(options.source()), e);
        }
    }

    @Override
    public Method kind() { return Method.TCP; }

    @Override
    public long send(int ttl, int key) throws IOException {
        SocketMethod.requireTtl(ttl);
        byte[] syn = TcpHeader.syn(sourcePort, port, sequenceBase | (key & 0xffff)).withChecksum(source, target, new byte[0]).encode();
        byte[] out;
        if (family == IpFamily.V4) {
            out = concat(Ipv4Header.of((Inet4Address) source, (Inet4Address) target, ttl, Ipv4Header.PROTO_TCP, key & 0xffff, syn.length).encode(), syn);
        } else {
            if (ttl != socketTtl) {
                tcp.setInt(family.level, family.hopLimitOption, ttl);
                socketTtl = ttl;
            }
            out = syn;
        }
        lastSent = out;
        long sentAt = clock.now();
        int errno = tcp.sendTo(out, target, 0);
        if (errno != 0) throw new ErrnoException("sendto " + AddressText.of(target), errno);
        return sentAt;
    }

    /** Whether the message just received ({@code n} bytes; from the TCP socket, else the ICMP one) answers one of our SYNs. */
    private boolean matches(boolean fromTcp, int n) {
        message.copyData(packet);
        int senderLength = 0;
        if (family == IpFamily.V6) senderLength = message.name().copyAddress(sender);  // no IP header on raw IPv6 sockets
        return fromTcp ? matcher.answer(packet, n, sender, senderLength, message.ttl())
                : matcher.error(packet, n, sender, senderLength, message.ttl());
    }

    @Override
    public Reply receive(long deadline) throws IOException {
        while (true) {
            long left = deadline - clock.now();
            int n = poll.poll(left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            if (n > 0) {
                for (int i = 0; i < 2; i++) {
                    if ((poll.revents(i) & POLLIN) == 0) continue;
                    NativeSocket s = i == 0 ? tcp : icmp;
                    for (int got; (got = s.receive(message, MSG_DONTWAIT)) >= 0; ) {
                        if (matches(i == 0, got)) return reply();
                    }
                }
            } else if (left <= 0) {
                return null;
            }
        }
    }

    /** The matched answer as a Reply: the target's SYN-ACK or RST, or a router's error quoting our SYN. */
    private Reply reply() {
        long received = clock.receivedAt(message.timestamp());
        if (matcher.flags >= 0) return Reply.tcp(matcher.key, target, matcher.flags, received, matcher.ttl, target).withSize(matcher.size);
        Reply r = new Reply(matcher.key, address(), matcher.type, matcher.code, received, matcher.ttl, target, matcher.mtu)
                .withQuote(matcher.quote()).withSize(matcher.size);
        if (!extensions) return r;
        return IcmpExtensions.find(packet, matcher.icmpAt, matcher.icmpEnd, family == IpFamily.V6).map(r::withExtensions).orElse(r);
    }

    /** The matched packet's sender (a router: its zone with it, if link-local). */
    private InetAddress address() {
        byte[] bytes = Arrays.copyOf(matcher.from, matcher.fromLength);
        if (Arrays.equals(bytes, targetBytes)) return target;
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Interfaces.scoped(bytes, message.name().scopeId());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The source port of every SYN. */
    public int sourcePort() { return sourcePort; }

    /** The destination port of every SYN (-p, default 80). */
    public int port() { return port; }

    /** The source address written into each header (and checksum). */
    public InetAddress source() { return source; }

    @Override
    public byte[] lastSent() { return lastSent.clone(); }

    @Override
    public long now() { return clock.now(); }

    /** The IP header and a 20-byte TCP header without options. */
    @Override
    public int packetSize() { return family.headerLength + TcpHeader.MIN_LENGTH; }

    @Override
    public void close() {
        tcp.close();
        icmp.close();
    }

    @Override
    public String toString() { return "tcp (raw SYNs) to " + AddressText.of(target) + " port " + port + " from " + AddressText.of(source); }
}
