package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jtrace.sys.ErrnoException;
import jtrace.sys.Message;
import jtrace.sys.Native;
import jtrace.sys.NativeSocket;
import jtrace.sys.RealtimeClock;
import jtrace.sys.Sockets;

/**
 * What the three methods share: one socket towards one IPv4 target, the send that survives the pending-error
 * trap, and the receive loop (poll, then drain the error queue and the normal queue) that hands each message
 * to the method to match. One Reply per call; unmatched messages are dropped; no allocation per message.
 */
abstract sealed class SocketMethod implements ProbeMethod, LastSent permits UdpMethod, IcmpMethod, RawMethod {
    /** A pending error fails one send; more than a few in a row would take an ICMP storm. */
    static final int SEND_RETRIES = 10;

    final NativeSocket socket;
    final Inet4Address target;
    final int targetAddress;
    final RealtimeClock clock = new RealtimeClock();
    private final Message message = new Message();
    private final int packetSize;
    private final int pollEvents;
    private final Pointer out;
    private byte[] lastSent = new byte[0];
    private int socketTtl = -1;
    private int lastFromAddress;
    private InetAddress lastFrom;

    /** {@code pollEvents}: POLLIN if replies come on the normal queue; POLLERR needs no asking. */
    SocketMethod(NativeSocket socket, Inet4Address target, int packetSize, int pollEvents) {
        this.socket = socket;
        this.target = target;
        this.targetAddress = Sockets.ipv4(target);
        this.packetSize = packetSize;
        this.pollEvents = pollEvents;
        this.out = Memory.allocateDirect(Native.runtime(), packetSize, true);
    }

    /** An ICMP error from the error queue (IP_RECVERR) — null if it is not an answer to us. */
    Reply fromErrorQueue(Message m) { return null; }

    /** A packet from the normal queue — null if it is not an answer to us. */
    Reply fromData(Message m) { return null; }

    /** Sets IP_TTL for the next sends, skipping the system call when it is unchanged. */
    final void useTtl(int ttl) throws IOException {
        ensureOpen();
        if (ttl == socketTtl) return;
        requireTtl(ttl);
        try {
            socket.setInt(SOL_IP, IP_TTL, ttl);
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
        out.put(0, packet, 0, packet.length);
        lastSent = packet;
        for (int attempt = 0; ; attempt++) {
            long sentAt = clock.nanos();
            int errno = socket.sendTo(out, packet.length, targetAddress, port);
            if (errno == 0) return sentAt;
            if (attempt >= SEND_RETRIES || !isPendingIcmpError(errno)) throw sendFailed(errno);
        }
    }

    /** The errnos an ICMP error leaves pending (icmp_err_convert and friends), and EINTR. */
    static boolean isPendingIcmpError(int errno) {
        return switch (errno) {
            case ErrnoException.EHOSTUNREACH, ErrnoException.ECONNREFUSED, ErrnoException.ENETUNREACH,
                 ErrnoException.EHOSTDOWN, ErrnoException.ENONET, ErrnoException.ENOPROTOOPT,
                 ErrnoException.EMSGSIZE, ErrnoException.EOPNOTSUPP, ErrnoException.EPROTO,
                 ErrnoException.EREMOTEIO, ErrnoException.EINTR -> true;
            default -> false;
        };
    }

    /** A send error that is not a pending ICMP error, or one that persists: it is real. */
    IOException sendFailed(int errno) {
        return new ErrnoException("sendto " + target.getHostAddress(), errno);
    }

    @Override
    public final Reply receive(long deadline) throws IOException {
        ensureOpen();
        while (true) {
            long left = deadline - clock.nanos();
            int revents = socket.poll(pollEvents, left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            if (revents != 0) {
                if ((revents & POLLNVAL) != 0) {  // closed by another thread meanwhile
                    ensureOpen();
                    throw new IOException("poll: the " + name() + " probe socket is not valid");
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
        if (!socket.isOpen()) throw new IOException("the " + name() + " probe method is closed");
    }

    /** An ICMP error from the network about one of our packets (not a local error, not a redirect). */
    static boolean isIcmpError(Message m) {
        if (!m.hasExtendedError() || m.errorOrigin() != SO_EE_ORIGIN_ICMP || m.offenderFamily() != AF_INET) return false;
        int type = m.errorType();
        return type == 3 || type == 11 || type == 12;
    }

    /** The Reply for an error-queue message: offender, type, code, MTU, and msg_name = original destination. */
    final Reply icmpErrorReply(Message m, int key) {
        int type = m.errorType(), code = m.errorCode();
        int mtu = type == 3 && code == 4 ? (int) m.errorInfo() : 0;
        return reply(key, m.offenderAddress(), type, code, m.timestamp(), m.ttl(), m.nameAddress(), mtu);
    }

    final Reply reply(int key, int from, int type, int code, long timestamp, int ttl, int destination, int mtu) {
        long received = timestamp != 0 ? timestamp : clock.nanos();  // no SCM_TIMESTAMPNS: the best we have
        return new Reply(key & 0xffff, address(from), type, code, received, ttl, address(destination), mtu);
    }

    /** Reuses the target's and the last sender's InetAddress: hops answer many probes in a row. */
    private InetAddress address(int a) {
        if (a == targetAddress) return target;
        if (lastFrom == null || a != lastFromAddress) {
            lastFrom = Sockets.inet4(a);
            lastFromAddress = a;
        }
        return lastFrom;
    }

    @Override
    public final long now() { return clock.nanos(); }

    @Override
    public final int packetSize() { return packetSize; }

    /** The address probes go to. */
    public final Inet4Address target() { return target; }

    @Override
    public final byte[] lastSent() { return lastSent.clone(); }

    @Override
    public final void close() { socket.close(); }

    @Override
    public String toString() { return name() + " to " + target.getHostAddress() + " via " + socket; }

    /** traceroute's filler: "@ABC…", easy to spot in a capture. */
    static byte[] filler(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (0x40 + (i & 0x3f));
        return b;
    }
}
