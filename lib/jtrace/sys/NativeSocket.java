package jtrace.sys;

import static jtrace.sys.Sockets.*;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One socket file descriptor and the calls jtrace makes on it. Setup calls throw {@link ErrnoException};
 * the per-probe calls ({@link #sendTo}, {@link #receive}) return errno as a number instead, so the hot
 * path can retry without building exceptions. Not thread-safe for setup; send and receive use separate
 * buffers and may run on two threads.
 *
 * <p>Closing is safe while another thread is inside a call: the descriptor number stays ours until the last call
 * using it returns (else the kernel could hand the number to a new file, and that call would act on it), and a
 * thread waiting in poll is woken at once (shutdown(2)).
 */
public final class NativeSocket implements AutoCloseable {
    private static final int IFNAMSIZ = 16;

    private final LibC libc = Native.libc();
    private final String description;
    private final int family;
    private final int fd;
    /** Calls in progress on {@link #fd}; the descriptor is closed when this drops to 0 after {@link #close}. */
    private int users;
    private volatile boolean closed;
    /** Setup scratch: option values, socket addresses and their lengths. */
    private final Pointer scratch = Memory.allocateDirect(Native.runtime(), SOCKADDR_MAX + 16, true);
    private final Pointer destination = Memory.allocateDirect(Native.runtime(), SOCKADDR_MAX, true);
    private final Pointer pollfd = Memory.allocateDirect(Native.runtime(), 8, true);
    /** Outgoing packets are copied here (native memory); grown when a bigger packet comes. */
    private Pointer out = Memory.allocateDirect(Native.runtime(), 1500, true);
    private int outCapacity = 1500;
    private final Sockaddr local = new Sockaddr();
    private InetAddress destinationAddress;
    private int destinationPort = -1, destinationLength;

    private NativeSocket(int fd, int family, String description) {
        this.fd = fd;
        this.family = family;
        this.description = description;
    }

    /** socket(2); {@code description} ("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)") names it in errors. */
    public static NativeSocket open(int domain, int type, int protocol, String description) throws ErrnoException {
        Platform.requireSupported();  // our numbers and layouts are Linux's: never let a call mean something else
        int fd = Native.libc().socket(domain, type, protocol);
        if (fd < 0) throw new ErrnoException(description, Native.errno());
        return new NativeSocket(fd, domain, description);
    }

    /** The descriptor number, or -1 once closed. */
    public int fd() { return closed ? -1 : fd; }

    /** AF_INET or AF_INET6: the family of every address this socket takes and gives. */
    public int family() { return family; }

    public boolean isOpen() { return !closed; }

    /** Marks one call in progress: the descriptor, or -1 when the socket is closed (the caller then fails with EBADF). */
    private synchronized int acquire() {
        if (closed) return -1;
        users++;
        return fd;
    }

    /**
     * The descriptor for a setup call, which runs on the thread that owns the socket before any other thread uses it
     * (and takePendingError, from the receiving thread, while it holds a call): closed is an error, not a reuse.
     */
    private int setupFd() throws ErrnoException {
        if (closed) throw new ErrnoException(description + " is closed", ErrnoException.EBADF);
        return fd;
    }

    private synchronized void release() {
        if (--users == 0 && closed) libc.close(fd);
    }

    public void setInt(int level, int option, int value) throws ErrnoException {
        scratch.putInt(0, value);
        if (libc.setsockopt(setupFd(), level, option, scratch, 4) != 0)
            throw new ErrnoException("setsockopt " + optionName(level, option), Native.errno());
    }

    /** setsockopt with a struct of 32-bit words in host order (ICMP6_FILTER's 256-bit mask). */
    public void setInts(int level, int option, int[] words) throws ErrnoException {
        for (int i = 0; i < words.length; i++) scratch.putInt(4L * i, words[i]);
        if (libc.setsockopt(setupFd(), level, option, scratch, 4 * words.length) != 0)
            throw new ErrnoException("setsockopt " + optionName(level, option), Native.errno());
    }

    /** getsockopt of an int; safe beside a close on another thread (the receive path reads SO_ERROR with it). */
    public int getInt(int level, int option) throws ErrnoException {
        int f = acquire();
        if (f < 0) throw new ErrnoException(description + " is closed", ErrnoException.EBADF);
        try {
            scratch.putInt(0, 0);
            scratch.putInt(8, 4);
            if (libc.getsockopt(f, level, option, scratch, scratch.slice(8)) != 0)
                throw new ErrnoException("getsockopt " + optionName(level, option), Native.errno());
            return scratch.getInt(0);
        } finally {
            release();
        }
    }

    /** SO_BINDTODEVICE: route and receive through this interface only. */
    public void bindToDevice(String device) throws ErrnoException {
        byte[] name = device.getBytes(StandardCharsets.UTF_8);
        if (name.length >= IFNAMSIZ) throw new ErrnoException("setsockopt SO_BINDTODEVICE " + device, ErrnoException.ENODEV);
        scratch.put(0, name, 0, name.length);
        scratch.putByte(name.length, (byte) 0);
        if (libc.setsockopt(setupFd(), SOL_SOCKET, SO_BINDTODEVICE, scratch, name.length + 1) != 0)
            throw new ErrnoException("setsockopt SO_BINDTODEVICE " + device, Native.errno());
    }

    /**
     * bind(2) to an address of this socket's family and a port (0 = any); a null address is the wildcard
     * (INADDR_ANY, ::). A link-local IPv6 address carries its interface as scope id.
     */
    public void bind(InetAddress address, int port) throws ErrnoException {
        int length = putSockaddr(scratch, 0, requireFamily(address), address, port);
        if (libc.bind(setupFd(), scratch, length) != 0) throw new ErrnoException("bind", Native.errno());
    }

    /** connect(2) to an address of this socket's family and a port. */
    public void connect(InetAddress address, int port) throws ErrnoException {
        int length = putSockaddr(scratch, 0, requireFamily(address), address, port);
        if (libc.connect(setupFd(), scratch, length) != 0) throw new ErrnoException("connect", Native.errno());
    }

    /**
     * connect(2) without throwing, for the per-probe path: 0 when connected at once, else errno — EINPROGRESS
     * for a non-blocking TCP socket whose SYN is on its way (poll for POLLOUT, then read {@link #takePendingError}).
     */
    public int startConnect(InetAddress address, int port) {
        if (familyOf(address) != family) return ErrnoException.EAFNOSUPPORT;
        int length = putSockaddr(destination, 0, family, address, port);
        destinationAddress = null;  // the send path's cached destination was overwritten
        int f = acquire();
        if (f < 0) return ErrnoException.EBADF;
        try {
            return libc.connect(f, destination, length) == 0 ? 0 : Native.errno();
        } finally {
            release();
        }
    }

    /** SO_LINGER on with 0 s: close(2) then resets the connection instead of a FIN and TIME_WAIT. */
    public void resetOnClose() throws ErrnoException { setInts(SOL_SOCKET, SO_LINGER, new int[] {1, 0}); }

    /**
     * The kernel's round-trip time of a TCP connection (tcp_info.tcpi_rtt, microseconds): after the handshake,
     * the SYN to SYN-ACK time it measured itself. 0 before any measurement.
     */
    public long tcpRttMicros() throws ErrnoException {
        int size = TCP_INFO_RTT_OFFSET + 4;
        scratch.putInt(SOCKADDR_MAX, size);
        if (libc.getsockopt(setupFd(), SOL_TCP, TCP_INFO, scratch, scratch.slice(SOCKADDR_MAX)) != 0)
            throw new ErrnoException("getsockopt TCP_INFO", Native.errno());
        if (scratch.getInt(SOCKADDR_MAX) < size) return 0;
        return scratch.getInt(TCP_INFO_RTT_OFFSET) & 0xffffffffL;
    }

    /** The local address from getsockname(2): the wildcard while unbound. */
    public InetAddress localAddress() throws ErrnoException {
        getsockname();
        return local.toInetAddress();
    }

    /** The local port from getsockname(2); for a ping socket, the echo id the kernel writes into our requests. */
    public int localPort() throws ErrnoException {
        getsockname();
        return local.port();
    }

    private void getsockname() throws ErrnoException {
        scratch.putInt(SOCKADDR_MAX, SOCKADDR_MAX);
        if (libc.getsockname(setupFd(), scratch, scratch.slice(SOCKADDR_MAX)) != 0)
            throw new ErrnoException("getsockname", Native.errno());
        local.read(scratch, 0, scratch.getInt(SOCKADDR_MAX));
        if (local.family() != family) throw new ErrnoException("getsockname: not an address of the socket's family", ErrnoException.EAFNOSUPPORT);
    }

    /**
     * sendto(2) of {@code length} bytes of {@code data} to an address and port: 0, or errno. The socket
     * address is rebuilt only when the destination changes (the same InetAddress object: no work at all).
     */
    public int sendTo(byte[] packet, InetAddress address, int port) {
        if (packet.length > outCapacity) {
            out = Memory.allocateDirect(Native.runtime(), packet.length, true);
            outCapacity = packet.length;
        }
        out.put(0, packet, 0, packet.length);
        return sendTo(out, packet.length, address, port);
    }

    /** sendto(2) of {@code length} bytes already in native memory; see {@link #sendTo(byte[], InetAddress, int)}. */
    public int sendTo(Pointer data, int length, InetAddress address, int port) {
        if (address != destinationAddress || port != destinationPort) {
            if (familyOf(address) != family) return ErrnoException.EAFNOSUPPORT;
            destinationLength = putSockaddr(destination, 0, family, address, port);
            destinationAddress = address;
            destinationPort = port;
        }
        int f = acquire();
        if (f < 0) return ErrnoException.EBADF;
        try {
            long sent = libc.sendto(f, data, length, 0, destination, destinationLength);
            return sent < 0 ? Native.errno() : 0;
        } finally {
            release();
        }
    }

    private int requireFamily(InetAddress address) throws ErrnoException {
        if (address != null && familyOf(address) != family)
            throw new ErrnoException("an " + (family == AF_INET6 ? "IPv6" : "IPv4") + " socket cannot use " + address, ErrnoException.EAFNOSUPPORT);
        return family;
    }

    /**
     * poll(2) this socket: the returned revents, or 0 on timeout or a signal. POLLERR is always reported,
     * even when {@code events} is 0 — that is how error-queue messages announce themselves.
     */
    public int poll(int events, int timeoutMillis) throws ErrnoException {
        int f = acquire();
        if (f < 0) return POLLNVAL;
        try {
            pollfd.putInt(0, f);
            pollfd.putShort(4, (short) events);
            pollfd.putShort(6, (short) 0);
            int n = libc.poll(pollfd, 1, timeoutMillis);
            if (n < 0) {
                int errno = Native.errno();
                if (errno == ErrnoException.EINTR) return 0;
                throw new ErrnoException("poll", errno);
            }
            return n == 0 ? 0 : pollfd.getShort(6) & 0xffff;
        } finally {
            release();
        }
    }

    /** recvmsg(2) into {@code message}: the byte count (and the message parsed), or −errno. */
    public int receive(Message message, int flags) {
        int f = acquire();
        if (f < 0) return -ErrnoException.EBADF;
        try {
            message.prepare();
            long n = libc.recvmsg(f, message.header(), flags);
            if (n < 0) return -Native.errno();
            message.parse((int) n);
            return (int) n;
        } finally {
            release();
        }
    }

    /** Reads and clears the socket's pending error (SO_ERROR): 0 if there was none. */
    public int takePendingError() throws ErrnoException { return getInt(SOL_SOCKET, SO_ERROR); }

    /**
     * Closes the socket once; never throws. A thread waiting in poll wakes (shutdown(2) wakes even unconnected
     * datagram sockets' pollers), and the descriptor number is released only when no call uses it any more.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (users == 0) {
            libc.close(fd);
        } else {
            libc.shutdown(fd, SHUT_RDWR);  // fails with ENOTCONN on unconnected sockets, and wakes pollers all the same
        }
    }

    @Override
    public String toString() { return description + (closed ? " (closed)" : " fd " + fd); }

    private static String optionName(int level, int option) {
        String name = switch (level) {
            case SOL_IP -> switch (option) {
                case IP_TTL -> "IP_TTL";
                case IP_HDRINCL -> "IP_HDRINCL";
                case IP_RECVERR -> "IP_RECVERR";
                case IP_RECVTTL -> "IP_RECVTTL";
                case IP_MTU_DISCOVER -> "IP_MTU_DISCOVER";
                case IP_MTU -> "IP_MTU";
                default -> null;
            };
            case SOL_SOCKET -> switch (option) {
                case SO_ERROR -> "SO_ERROR";
                case SO_RCVBUF -> "SO_RCVBUF";
                case SO_BINDTODEVICE -> "SO_BINDTODEVICE";
                case SO_TIMESTAMPNS -> "SO_TIMESTAMPNS";
                case SO_LINGER -> "SO_LINGER";
                default -> null;
            };
            case SOL_IPV6 -> switch (option) {
                case IPV6_UNICAST_HOPS -> "IPV6_UNICAST_HOPS";
                case IPV6_RECVERR -> "IPV6_RECVERR";
                case IPV6_HDRINCL -> "IPV6_HDRINCL";
                case IPV6_RECVHOPLIMIT -> "IPV6_RECVHOPLIMIT";
                case IPV6_MTU_DISCOVER -> "IPV6_MTU_DISCOVER";
                case IPV6_MTU -> "IPV6_MTU";
                default -> null;
            };
            case SOL_ICMPV6 -> option == ICMP6_FILTER ? "ICMP6_FILTER" : null;
            case SOL_TCP -> option == TCP_SYNCNT ? "TCP_SYNCNT" : option == TCP_INFO ? "TCP_INFO" : null;
            case SOL_RAW -> option == ICMP_FILTER ? "ICMP_FILTER" : null;
            default -> null;
        };
        return name != null ? name : "level " + level + " option " + option;
    }
}
