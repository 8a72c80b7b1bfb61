package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import jtrace.packet.AddressText;
import jtrace.sys.ErrnoException;
import jtrace.sys.Interfaces;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;
import jtrace.sys.Sockaddr;

/**
 * What the three methods share: one socket towards one target, IPv4 or IPv6 ({@link IpFamily} holds every
 * difference), the send that survives the pending-error trap, and the receive loop (poll, then drain the
 * error queue and the normal queue) that hands each message to the method to match. One Reply per call;
 * unmatched messages are dropped; no allocation per message.
 */
abstract sealed class SocketMethod implements ProbeMethod, LastSent, LastReceived permits UdpMethod, IcmpMethod, RawMethod {
    /** A pending error fails one send; more than a few in a row would take an ICMP storm. */
    static final int SEND_RETRIES = 10;

    final NativeSocket socket;
    final InetAddress target;
    final IpFamily family;
    /** The target's address bytes (4 or 16), to compare with what the kernel hands back. */
    final byte[] targetBytes;
    /** Monotonic, reading as Unix time; maps the kernel's SO_TIMESTAMPNS receive times onto itself. */
    private final MethodClock clock = new MethodClock();
    private final Message message = new Message();
    private final int packetSize;
    private final int pollEvents;
    private byte[] lastSent = new byte[0];
    /** Set by the methods whose socket sees reply packets (raw sockets), when they return one. */
    byte[] lastReceived = new byte[0];
    private int socketTtl = -1;
    /** -e: read RFC 4884 extensions from every ICMP error ({@link #askForExtensions}). */
    boolean extensions;
    private final byte[] addressScratch = new byte[16];
    private byte[] lastFromBytes = new byte[0];
    private InetAddress lastFrom;

    /** -s, or null: then {@link #source()} asks the kernel's routing table once. */
    private InetAddress source;
    private final String device;

    /** {@code pollEvents}: POLLIN if replies come on the normal queue; POLLERR needs no asking. */
    SocketMethod(NativeSocket socket, InetAddress target, int packetSize, ProbeSettings options, int pollEvents) {
        this.socket = socket;
        this.target = target;
        this.family = IpFamily.of(target);
        this.targetBytes = target.getAddress();
        this.packetSize = packetSize;
        this.source = options.source();
        this.device = options.device();
        this.pollEvents = pollEvents;
    }

    /** -s, else the address the kernel picks for the target (a route look-up: nothing is sent); null if there is no route. */
    @Override
    public InetAddress source() {
        if (source == null) {
            try {
                source = ProbeSockets.routeSource(target, device);
            } catch (ProbeSetupException noRoute) {
                return null;  // the trace itself says why it cannot send
            }
        }
        return source;
    }

    /** An ICMP error from the error queue (IP_RECVERR) — null if it is not an answer to us. */
    Reply fromErrorQueue(Message m) { return null; }

    /** A packet from the normal queue — null if it is not an answer to us. */
    Reply fromData(Message m) { return null; }

    /** Sets IP_TTL (IPV6_UNICAST_HOPS) for the next sends, skipping the system call when it is unchanged. */
    final void useTtl(int ttl) throws IOException {
        ensureOpen();
        if (ttl == socketTtl) return;
        requireTtl(ttl);
        try {
            socket.setInt(family.level, family.hopLimitOption, ttl);
        } catch (ErrnoException e) {
            throw new IOException("cannot set TTL " + ttl + ": " + e.reason(), e);
        }
        socketTtl = ttl;
    }

    static void requireTtl(int ttl) {
        if (ttl < 1 || ttl > 255) throw new IllegalArgumentException("TTL must be 1..255, got " + ttl);
    }

    /**
     * Sends {@code packet} to the target, reading the clock just before sendto. With IP_RECVERR each ICMP
     * error also leaves a pending error that makes the NEXT sendto fail without sending: retry those.
     */
    final long transmit(byte[] packet, int port) throws IOException {
        ensureOpen();
        lastSent = packet;
        for (int attempt = 0; ; attempt++) {
            long sentAt = now();
            int errno = socket.sendTo(packet, target, port);
            if (errno == 0) return sentAt;
            if (attempt >= SEND_RETRIES || !isPendingIcmpError(errno)) throw sendFailed(errno);
        }
    }

    /** The errnos an ICMP error leaves pending (icmp_err_convert, icmpv6_err_convert: EACCES for v6's prohibited), and EINTR. */
    static boolean isPendingIcmpError(int errno) {
        return switch (errno) {
            case ErrnoException.EHOSTUNREACH, ErrnoException.ECONNREFUSED, ErrnoException.ENETUNREACH, ErrnoException.EACCES,
                 ErrnoException.EHOSTDOWN, ErrnoException.ENONET, ErrnoException.ENOPROTOOPT,
                 ErrnoException.EMSGSIZE, ErrnoException.EOPNOTSUPP, ErrnoException.EPROTO,
                 ErrnoException.EREMOTEIO, ErrnoException.EINTR -> true;
            default -> false;
        };
    }

    /** A send error that is not a pending ICMP error, or one that persists: it is real. */
    IOException sendFailed(int errno) {
        return new ErrnoException("sendto " + AddressText.of(target), errno);
    }

    @Override
    public final Reply receive(long deadline) throws IOException {
        ensureOpen();
        while (true) {
            long left = deadline - now();
            int revents = socket.poll(pollEvents, left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            if (revents != 0) {
                if ((revents & POLLNVAL) != 0) {  // closed by another thread meanwhile
                    ensureOpen();
                    throw new IOException("poll: the " + kind() + " probe socket is not valid");
                }
                Reply reply = read(revents);
                if (reply != null) return reply;
            } else if (left <= 0) {
                return null;
            }
        }
    }

    private Reply read(int revents) throws IOException {
        if ((revents & POLLERR) != 0) {
            Reply reply = drain(MSG_ERRQUEUE);
            if (reply != null) return reply;
        }
        return (revents & POLLIN) != 0 ? drain(0) : null;
    }

    /** Reads one queue until a message matches (the rest stay queued for the next call) or it is empty. */
    private Reply drain(int queue) throws IOException {
        for (boolean first = true; ; first = false) {
            int n = socket.receive(message, queue | MSG_DONTWAIT);
            if (n < 0) {
                int errno = -n;
                if (errno == ErrnoException.EINTR) continue;
                if (errno != ErrnoException.EAGAIN) throw new ErrnoException("recvmsg", errno);
                // POLLERR with an empty error queue: an error was pending but its message was dropped
                // (receive buffer full). Clear it, or poll would wake us forever.
                if (queue == MSG_ERRQUEUE && first) socket.takePendingError();
                return null;
            }
            Reply reply = queue == MSG_ERRQUEUE ? fromErrorQueue(message) : fromData(message);
            if (reply != null) return reply;
        }
    }

    private void ensureOpen() throws IOException {
        if (!socket.isOpen()) throw new IOException("the " + kind() + " probe method is closed");
    }

    /** An ICMP(v6) error from the network about one of our packets (not a local error, not a redirect). */
    final boolean isIcmpError(Message m) {
        return m.hasExtendedError() && m.errorOrigin() == family.errorOrigin
                && m.offender().family() == family.domain && family.isError(m.errorType());
    }

    /** The Reply for an error-queue message: offender, type, code, MTU, and msg_name = original destination. */
    final Reply icmpErrorReply(Message m, int key) {
        int type = m.errorType(), code = m.errorCode();
        Reply r = reply(key, address(m.offender()), type, code, m.timestamp(), m.ttl(), address(m.name()),
                family.mtu(type, code, m.errorInfo())).withSize(unshownQuote() + m.length());
        return extensions ? withExtensions(r, m) : r;
    }

    /**
     * The quoted bytes an error-queue message leaves out before its data: our probe's IP header (we send no options or
     * extension headers), and for UDP its 8-byte header (the kernel hands over what follows it; a ping socket hands over
     * the quoted ICMP header itself). The data then runs to the end of the ICMP message, extensions included.
     */
    int unshownQuote() { return family.headerLength; }

    /**
     * -e: ICMP errors arrive with their RFC 4884 extensions. Sockets that read errors from the error queue ask the
     * kernel to find them (IP_RECVERR_RFC4884, Linux 5.9+); raw sockets read them from the packet.
     */
    void askForExtensions() throws ProbeSetupException {
        extensions = true;
        if (!readsRawPackets()) {
            try {
                socket.setInt(family.level, family.rfc4884Option, 1);
            } catch (ErrnoException e) {
                throw new ProbeSetupException("-e needs Linux 5.9 or later for the " + kind() + " method (IP_RECVERR_RFC4884): "
                        + e.reason() + "; run as root to read extensions from raw packets", e);
            }
        }
    }

    /** Whether replies are whole packets from a raw socket (not error-queue messages). */
    boolean readsRawPackets() { return false; }

    /** The reply with the extensions the kernel located at ee_rfc4884.len of the data it handed over, if any parse. */
    static Reply withExtensions(Reply r, Message m) {
        int at = m.rfc4884Offset();
        if (at <= 0 || at + jtrace.packet.IcmpExtensions.HEADER_LENGTH > m.length()) return r;
        byte[] data = new byte[m.length()];
        m.copyData(data);
        try {
            return r.withExtensions(jtrace.packet.IcmpExtensions.parse(data, at, data.length, at, true));
        } catch (jtrace.packet.MalformedPacketException unreadable) {
            return r;
        }
    }

    final Reply reply(int key, InetAddress from, int type, int code, long timestamp, int ttl, InetAddress destination, int mtu) {
        long received = receivedAt(timestamp);
        return new Reply(key & 0xffff, from, type, code, received, ttl, destination, mtu);
    }

    /** The address in a socket address the kernel gave us (see {@link #address(byte[], int, int)}). */
    final InetAddress address(Sockaddr a) {
        return address(addressScratch, a.copyAddress(addressScratch), a.scopeId());
    }

    /**
     * The first {@code length} bytes of {@code bytes} as an address. Reuses the target's and the last
     * sender's InetAddress: hops answer many probes in a row.
     */
    final InetAddress address(byte[] bytes, int length, int scopeId) {
        if (length != 4 && length != 16) return null;  // no address at all: matches nothing
        if (length == targetBytes.length && Arrays.equals(bytes, 0, length, targetBytes, 0, length)) return target;
        if (lastFrom == null || !Arrays.equals(bytes, 0, length, lastFromBytes, 0, lastFromBytes.length)) {
            try {
                // A link-local sender comes with its zone, named as traceroute names it where we can: "fe80::1%eth0".
                lastFrom = length == 4 ? InetAddress.getByAddress(Arrays.copyOf(bytes, 4)) : Interfaces.scoped(Arrays.copyOf(bytes, 16), scopeId);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are always an address", e);
            }
            lastFromBytes = Arrays.copyOf(bytes, length);
        }
        return lastFrom;
    }

    /** Monotonic nanoseconds, anchored at the wall clock when the method opened ({@link MethodClock}). */
    @Override
    public final long now() { return clock.now(); }

    /** The kernel's receive time (SO_TIMESTAMPNS) on our clock; now when there is none. */
    private long receivedAt(long kernelRealtime) { return clock.receivedAt(kernelRealtime); }

    @Override
    public final int packetSize() { return packetSize; }

    /** The address probes go to. */
    public final InetAddress target() { return target; }

    @Override
    public final byte[] lastSent() { return lastSent.clone(); }

    /**
     * The last reply's bytes as a raw socket read them: IPv4 from the IP header on; IPv6 from the ICMPv6
     * header on (raw IPv6 sockets never see the IP header). Empty for ping sockets and UDP, whose replies
     * the kernel digests.
     */
    @Override
    public final byte[] lastReceived() { return lastReceived.clone(); }

    @Override
    public final void close() { socket.close(); }

    @Override
    public String toString() { return kind() + " to " + AddressText.of(target) + " via " + socket; }
}
