package jtrace.sys;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jnr.ffi.Pointer;

/**
 * 64-bit Linux socket constants (checked against C: the same on x86_64 and aarch64, see {@link Platform}) and
 * the sockaddr_in and sockaddr_in6 layouts, marshalled by hand into jnr {@link Pointer}s. Addresses read back from the kernel land in a reusable
 * {@link Sockaddr}, so the receive path can compare them without allocating.
 */
public final class Sockets {
    private Sockets() {}

    public static final int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3;
    /** Or-ed into socket()'s type: the socket starts non-blocking (connect returns EINPROGRESS). */
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_ICMPV6 = 58, IPPROTO_RAW = 255;
    public static final int SOL_IP = 0, SOL_SOCKET = 1, SOL_TCP = 6, SOL_IPV6 = 41, SOL_ICMPV6 = 58, SOL_RAW = 255;
    public static final int SO_ERROR = 4, SO_RCVBUF = 8, SO_LINGER = 13, SO_BINDTODEVICE = 25, SO_TIMESTAMPNS = 35;
    /** TCP_SYNCNT: SYN retransmissions before connect gives up; TCP_INFO: struct tcp_info (tcpi_rtt in µs at byte 68). */
    public static final int TCP_SYNCNT = 7, TCP_INFO = 11, TCP_INFO_RTT_OFFSET = 68;
    /**
     * Path MTU discovery (level SOL_IP / SOL_IPV6): IP_MTU_DISCOVER 10 and IPV6_MTU_DISCOVER 23 take a mode;
     * PMTUDISC_DO (2) sets DF and refuses to send more than the path MTU the kernel knows (EMSGSIZE);
     * PMTUDISC_PROBE (3) sets DF and sends whatever size it is given (what a prober wants). IP_MTU 14 and
     * IPV6_MTU 24 read a connected socket's current path MTU.
     */
    public static final int IP_MTU_DISCOVER = 10, IP_MTU = 14, IPV6_MTU_DISCOVER = 23, IPV6_MTU = 24,
            PMTUDISC_DONT = 0, PMTUDISC_DO = 2, PMTUDISC_PROBE = 3;
    /** The control message type that carries the SO_TIMESTAMPNS timespec. */
    public static final int SCM_TIMESTAMPNS = 35;
    public static final int IP_TTL = 2, IP_HDRINCL = 3, IP_RECVERR = 11, IP_RECVTTL = 12;
    /**
     * Linux 5.9+: the kernel finds RFC 4884 extensions in ICMP errors and says where they start in the data it
     * hands over (sock_extended_err.ee_rfc4884: a u16 offset and a flags byte where 1 = invalid checksum).
     */
    public static final int IP_RECVERR_RFC4884 = 26, IPV6_RECVERR_RFC4884 = 31;
    /** IPV6_RECVHOPLIMIT asks for the hop limit; it arrives as a control message of type IPV6_HOPLIMIT. */
    public static final int IPV6_UNICAST_HOPS = 16, IPV6_RECVERR = 25, IPV6_HDRINCL = 36, IPV6_RECVHOPLIMIT = 51,
            IPV6_HOPLIMIT = 52;
    /** Raw ICMP sockets: a bit mask of ICMP types the kernel should NOT deliver to us. */
    public static final int ICMP_FILTER = 1;
    /** Raw ICMPv6 sockets (level SOL_ICMPV6): 256 bits, one per type; a set bit blocks that type. */
    public static final int ICMP6_FILTER = 1;
    public static final int MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_ERRQUEUE = 0x2000;
    public static final int POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    /** shutdown(2): both directions. */
    public static final int SHUT_RDWR = 2;
    public static final int SO_EE_ORIGIN_LOCAL = 1, SO_EE_ORIGIN_ICMP = 2, SO_EE_ORIGIN_ICMP6 = 3;
    public static final int CLOCK_REALTIME = 0;

    public static final int SOCKADDR_IN_SIZE = 16, SOCKADDR_IN6_SIZE = 28;
    /** Room for any socket address (sockaddr_storage). */
    public static final int SOCKADDR_MAX = 128;

    /** Writes a sockaddr_in: family in host order, port and address in network order (byte by byte). */
    public static void putSockaddrIn(Pointer p, long off, int address, int port) {
        p.putShort(off, (short) AF_INET);
        p.putByte(off + 2, (byte) (port >>> 8));
        p.putByte(off + 3, (byte) port);
        putIpv4(p, off + 4, address);
        p.putLong(off + 8, 0);
    }

    /**
     * Writes a sockaddr_in6: family in host order, port in network order, flow info 0, the 16 address bytes,
     * then the scope id (the interface of a link-local address) in host order.
     */
    public static void putSockaddrIn6(Pointer p, long off, byte[] address, int port, int scopeId) {
        p.putShort(off, (short) AF_INET6);
        p.putByte(off + 2, (byte) (port >>> 8));
        p.putByte(off + 3, (byte) port);
        p.putInt(off + 4, 0);
        p.put(off + 8, address, 0, 16);
        p.putInt(off + 24, scopeId);
    }

    /** Writes the sockaddr for {@code address} (null: the IPv4 or IPv6 wildcard) and returns its length. */
    public static int putSockaddr(Pointer p, long off, int family, InetAddress address, int port) {
        if (family == AF_INET6) {
            Inet6Address a = (Inet6Address) address;
            putSockaddrIn6(p, off, a == null ? new byte[16] : a.getAddress(), port, a == null ? 0 : a.getScopeId());
            return SOCKADDR_IN6_SIZE;
        }
        putSockaddrIn(p, off, address == null ? 0 : ipv4((Inet4Address) address), port);
        return SOCKADDR_IN_SIZE;
    }

    /** AF_INET or AF_INET6: the family of sockets that talk to {@code address}. */
    public static int familyOf(InetAddress address) { return address instanceof Inet6Address ? AF_INET6 : AF_INET; }

    public static void putIpv4(Pointer p, long off, int address) {
        p.putByte(off, (byte) (address >>> 24));
        p.putByte(off + 1, (byte) (address >>> 16));
        p.putByte(off + 2, (byte) (address >>> 8));
        p.putByte(off + 3, (byte) address);
    }

    /** The four address bytes at {@code off}, network order, as one int. */
    public static int ipv4At(Pointer p, long off) {
        return u8(p, off) << 24 | u8(p, off + 1) << 16 | u8(p, off + 2) << 8 | u8(p, off + 3);
    }

    /** A big-endian 16-bit field (ports). */
    public static int u16At(Pointer p, long off) { return u8(p, off) << 8 | u8(p, off + 1); }

    /** jnr's getByte is signed: mask it. */
    public static int u8(Pointer p, long off) { return p.getByte(off) & 0xff; }

    /** sa_family of the socket address at {@code off} (host order). */
    public static int familyAt(Pointer p, long off) { return p.getShort(off) & 0xffff; }

    public static int ipv4(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    public static Inet4Address inet4(int address) {
        byte[] b = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }
}
