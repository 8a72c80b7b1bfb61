package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

import jtrace.packet.AddressText;
import jtrace.packet.TcpHeader;
import jtrace.sys.ErrnoException;
import jtrace.sys.Interfaces;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;
import jtrace.sys.PollSet;

/**
 * TCP for any user (traceroute's tcpconn): every probe is its own non-blocking {@code connect()} to the port
 * (-p, default 80) with the TTL (hop limit) set on that socket and IP_RECVERR (IPV6_RECVERR) on. The kernel
 * sends the SYN; a router's time exceeded aborts the half-open connection and lands on that socket's error
 * queue, with the router as offender. The destination answers the SYN itself: a SYN-ACK completes the connect
 * (POLLOUT, no error: [open]) and a RST refuses it (ECONNREFUSED: [closed]). The socket is the probe's identity,
 * so nothing can be confused: a reply can only reach the socket whose SYN it answers (the kernel checks the
 * quoted ports and sequence number).
 * <p>
 * Times: a router's answer carries the kernel's receive time (SO_TIMESTAMPNS); a SYN-ACK is timed by the kernel's
 * own RTT of the handshake (tcp_info); a RST by the moment poll woke up — all on the monotonic {@link MethodClock}. An open connection is reset at once
 * (SO_LINGER 0), never used.
 */
public final class TcpConnectMethod implements ProbeMethod {
    /** Sockets of probes still waiting; the oldest is given up past this (the scanner has long timed it out). */
    static final int MAX_OPEN = 256;

    private final InetAddress target;
    private final IpFamily family;
    private final ProbeSettings options;
    private final int port;
    private final MethodClock clock;
    private final Message message = new Message();
    private final PollSet poll = new PollSet(MAX_OPEN);
    private final Probe[] open = new Probe[MAX_OPEN];
    private final ArrayDeque<Reply> ready = new ArrayDeque<>();
    private final byte[] addressScratch = new byte[16];
    private long sequence;
    private boolean closed;

    /** One SYN on its way: its socket, key and send time. */
    private record Probe(NativeSocket socket, int key, long sentAt, long order) {}

    private TcpConnectMethod(InetAddress target, ProbeSettings options, MethodClock clock) {
        this.clock = clock;
        this.target = target;
        this.family = IpFamily.of(target);
        this.options = options;
        this.port = options.port() != 0 ? options.port() : ProbeSettings.DEFAULT_TCP_PORT;
    }

    /** Checks once that a TCP socket can be opened and set up as every probe will be. */
    static TcpConnectMethod open(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        return open(target, options, new MethodClock());
    }

    /** The same on {@code clock} (tests step its clocks). */
    static TcpConnectMethod open(InetAddress target, ProbeSettings options, MethodClock clock) throws ProbeSetupException {
        TcpConnectMethod m = new TcpConnectMethod(target, options, clock);
        m.socket(1).close();
        return m;
    }

    @Override
    public Method kind() { return Method.TCP; }

    /** The destination port every SYN goes to. */
    public int port() { return port; }

    @Override
    public long send(int ttl, int key) throws IOException {
        if (closed) throw new IOException("the tcp probe method is closed");
        SocketMethod.requireTtl(ttl);
        NativeSocket socket = socket(ttl);
        int slot = freeSlot();
        long sentAt = clock.now();
        int errno = socket.startConnect(target, port);
        if (errno == 0 || errno == ErrnoException.ECONNREFUSED) {  // loopback answers inside connect()
            ready.add(answer(key, errno == 0 ? TcpHeader.SYN | TcpHeader.ACK : TcpHeader.RST | TcpHeader.ACK, clock.now()));
            finish(socket);
            return sentAt;
        }
        if (errno != ErrnoException.EINPROGRESS) {
            socket.close();
            throw new ErrnoException("connect " + AddressText.of(target) + " port " + port, errno);
        }
        open[slot] = new Probe(socket, key, sentAt, sequence++);
        poll.set(slot, socket, POLLOUT);
        return sentAt;
    }

    /** A fresh non-blocking TCP socket with the options every probe needs: -i, -s, TTL, errors, times. */
    private NativeSocket socket(int ttl) throws ProbeSetupException {
        NativeSocket socket;
        try {
            socket = NativeSocket.open(family.domain, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP,
                    "socket(" + (family == IpFamily.V4 ? "AF_INET" : "AF_INET6") + ", SOCK_STREAM, IPPROTO_TCP)");
        } catch (ErrnoException e) {
            throw ProbeSockets.failed("cannot open a TCP socket", e);
        }
        try {
            ProbeSockets.restrict(socket, options, false);
            ProbeSockets.enable(socket, family.level, family.recvErrOption, 1);
            ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.enable(socket, SOL_TCP, TCP_SYNCNT, 1);  // one SYN retry at most: a lost probe is the scanner's to judge
            ProbeSockets.enable(socket, family.level, family.hopLimitOption, ttl);
            if (options.extensions()) {
                try {
                    socket.setInt(family.level, family.rfc4884Option, 1);
                } catch (ErrnoException e) {
                    throw new ProbeSetupException("-e needs Linux 5.9 or later for the tcp method (IP_RECVERR_RFC4884): " + e.reason(), e);
                }
            }
            return socket;
        } catch (ProbeSetupException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A free slot; when all are taken, the oldest probe is given up (its answer can no longer matter). */
    private int freeSlot() {
        int oldest = 0;
        for (int i = 0; i < MAX_OPEN; i++) {
            if (open[i] == null) return i;
            if (open[i].order() < open[oldest].order()) oldest = i;
        }
        drop(oldest);
        return oldest;
    }

    @Override
    public Reply receive(long deadline) throws IOException {
        while (true) {
            if (!ready.isEmpty()) return ready.poll();
            if (closed) throw new IOException("the tcp probe method is closed");
            long left = deadline - clock.now();
            int n = poll.poll(left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            if (n > 0) {
                for (int i = 0; i < MAX_OPEN; i++) if (open[i] != null && poll.revents(i) != 0) settle(i, poll.revents(i));
            } else if (left <= 0) {
                return null;
            }
        }
    }

    /** Something happened on probe {@code i}'s socket: an ICMP error, a RST, or the handshake completed. */
    private void settle(int i, int revents) throws IOException {
        Probe p = open[i];
        NativeSocket s = p.socket();
        long woke = clock.now();
        if ((revents & POLLERR) != 0) {
            for (int n; (n = s.receive(message, MSG_ERRQUEUE | MSG_DONTWAIT)) >= 0 || -n == ErrnoException.EINTR; ) {
                if (n >= 0 && isIcmpError(message)) {
                    ready.add(icmpReply(p.key(), message));
                    drop(i);
                    return;
                }
            }
        }
        int error = s.takePendingError();
        if (error == 0 && (revents & POLLOUT) != 0) {
            long rtt = s.tcpRttMicros();
            ready.add(answer(p.key(), TcpHeader.SYN | TcpHeader.ACK, rtt > 0 ? p.sentAt() + rtt * 1000 : woke));
        } else if (error == ErrnoException.ECONNREFUSED) {
            ready.add(answer(p.key(), TcpHeader.RST | TcpHeader.ACK, woke));
        }
        // Anything else (a SYN that timed out, a local error): no answer; the scanner times the probe out.
        drop(i);
    }

    private Reply answer(int key, int flags, long received) {
        return Reply.tcp(key, target, flags, received, -1, target);
    }

    /** An ICMP(v6) error from the network about our SYN (not a local error). */
    private boolean isIcmpError(Message m) {
        return m.hasExtendedError() && m.errorOrigin() == family.errorOrigin && m.offender().family() == family.domain
                && family.isError(m.errorType());
    }

    private Reply icmpReply(int key, Message m) {
        int type = m.errorType(), code = m.errorCode();
        long received = clock.receivedAt(m.timestamp());
        InetAddress from = address(m.offender().copyAddress(addressScratch), m.offender().scopeId());
        InetAddress destination = address(m.name().copyAddress(addressScratch), m.name().scopeId());
        Reply r = new Reply(key & 0xffff, from, type, code, received, m.ttl(), destination, family.mtu(type, code, m.errorInfo()))
                .withSize(family.headerLength + m.length());  // the kernel hands over the quote from the TCP header on
        return options.extensions() ? SocketMethod.withExtensions(r, m) : r;
    }

    private InetAddress address(int length, int scopeId) {
        if (length != 4 && length != 16) return null;
        byte[] bytes = Arrays.copyOf(addressScratch, length);
        if (Arrays.equals(bytes, target.getAddress())) return target;
        try {
            return length == 4 ? InetAddress.getByAddress(bytes) : Interfaces.scoped(bytes, scopeId);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** Closes probe {@code i}'s socket: a reset if it connected, and its slot is free again. */
    private void drop(int i) {
        finish(open[i].socket());
        open[i] = null;
        poll.clear(i);
    }

    private static void finish(NativeSocket socket) {
        try {
            socket.resetOnClose();  // no FIN, no TIME_WAIT: the destination sees a RST
        } catch (ErrnoException ignored) {
            // closing anyway
        }
        socket.close();
    }

    @Override
    public long now() { return clock.now(); }

    /** The SYN as Linux sends it: the IP header, 20 bytes of TCP header and 20 of options (MSS, SACK, timestamps, window scale). */
    @Override
    public int packetSize() { return family.headerLength + 40; }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < MAX_OPEN; i++) if (open[i] != null) drop(i);
        ready.clear();
    }

    @Override
    public String toString() { return "tcp to " + AddressText.of(target) + " port " + port + " (connect, one socket per probe)"; }
}
