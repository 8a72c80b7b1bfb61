package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.function.Supplier;

import jtrace.packet.AddressText;
import jtrace.packet.IcmpMessage;
import jtrace.sys.ErrnoException;
import jtrace.sys.Native;
import jtrace.sys.NativeSocket;
import jtrace.sys.Privileges;

/** Opening and restricting the methods' sockets, and turning what goes wrong into one line for the user. */
final class ProbeSockets {
    private ProbeSockets() {}

    static final String ALLOW_PING = "sudo sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"";

    static NativeSocket udp(IpFamily family) throws ProbeSetupException {
        return open(family.domain, SOCK_DGRAM, IPPROTO_UDP, family.describe(SOCK_DGRAM, IPPROTO_UDP));
    }

    /**
     * A ping socket (ICMP or ICMPv6; net.ipv4.ping_group_range governs both); the ErrnoException (EACCES
     * outside ping_group_range) lets the caller fall back to raw.
     */
    static NativeSocket ping(IpFamily family) throws ErrnoException {
        return NativeSocket.open(family.domain, SOCK_DGRAM, family.icmpProtocol, family.describe(SOCK_DGRAM, family.icmpProtocol));
    }

    /** A raw ICMP or ICMPv6 socket; EPERM becomes {@code denied}, the message that says what to do instead. */
    static NativeSocket rawIcmp(IpFamily family, Supplier<String> denied) throws ProbeSetupException {
        try {
            return NativeSocket.open(family.domain, SOCK_RAW, family.icmpProtocol, family.describe(SOCK_RAW, family.icmpProtocol));
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EPERM || e.errno() == ErrnoException.EACCES) throw new ProbeSetupException(denied.get(), e);
            throw failed("cannot open a raw " + (family == IpFamily.V4 ? "ICMP" : "ICMPv6") + " socket", e);
        }
    }

    /** ICMP_FILTER drops the types whose bits are set: keep echo reply, unreachable, time exceeded, parameter problem. */
    static final int ANSWERS_ONLY = ~(1 << IcmpMessage.ECHO_REPLY | 1 << IcmpMessage.DEST_UNREACHABLE
            | 1 << IcmpMessage.TIME_EXCEEDED | 1 << IcmpMessage.PARAMETER_PROBLEM);

    /**
     * Lets a raw socket's kernel filter drop every ICMP type that cannot answer a probe (on IPv6 the
     * neighbour discovery and multicast listener chatter that every link carries).
     */
    static void receiveAnswersOnly(NativeSocket socket, IpFamily family) throws ProbeSetupException {
        if (family == IpFamily.V4) {
            enable(socket, SOL_RAW, ICMP_FILTER, ANSWERS_ONLY);
            return;
        }
        int[] blocked = new int[8];  // struct icmp6_filter: 256 bits, a set bit blocks its type
        java.util.Arrays.fill(blocked, -1);
        for (int type = 0; type < 256; type++)
            if (family.isError(type) || type == family.echoReply) blocked[type >> 5] &= ~(1 << (type & 31));
        try {
            socket.setInts(SOL_ICMPV6, ICMP6_FILTER, blocked);
        } catch (ErrnoException e) {
            throw failed("cannot configure the probe socket", e);
        }
    }

    private static NativeSocket open(int domain, int type, int protocol, String call) throws ProbeSetupException {
        try {
            return NativeSocket.open(domain, type, protocol, call);
        } catch (ErrnoException e) {
            throw failed("cannot open a socket", e);
        }
    }

    /** -i and -s: SO_BINDTODEVICE first (it changes which source addresses are valid), then bind. */
    static void restrict(NativeSocket socket, ProbeSettings options, boolean alwaysBind) throws ProbeSetupException {
        if (options.device() != null) bindToDevice(socket, options.device());
        InetAddress source = options.source();
        if (source == null && !alwaysBind) return;
        try {
            socket.bind(source, 0);
        } catch (ErrnoException e) {
            if (source != null && e.errno() == ErrnoException.EADDRNOTAVAIL)
                throw ProbeSetupException.badArgument("source address " + AddressText.of(source)
                        + " (-s) is not an address of this host" + (options.device() != null ? " on " + options.device() : "")
                        + ": use one that `ip " + (source instanceof Inet6Address ? "-6" : "-4") + " addr` lists, or leave out -s", e);
            if (source instanceof Inet6Address v6 && v6.isLinkLocalAddress() && e.errno() == ErrnoException.EINVAL)
                throw ProbeSetupException.badArgument("source address " + AddressText.of(source) + " (-s) is link-local:"
                        + " name its interface, " + AddressText.of(source) + "%IFACE, or give -i IFACE", e);
            throw failed("cannot bind to " + (source == null ? "a local port" : AddressText.of(source)), e);
        }
    }

    static void bindToDevice(NativeSocket socket, String device) throws ProbeSetupException {
        if (device.isEmpty() || device.length() >= 16 || Native.libc().if_nametoindex(device) == 0)
            throw ProbeSetupException.badArgument("interface \"" + device + "\" (-i) does not exist: `ip link` lists this host's interfaces", null);
        try {
            socket.bindToDevice(device);
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EPERM)
                throw new ProbeSetupException("binding to interface " + device + " (-i) needs root or CAP_NET_RAW on this kernel: run with sudo, or leave out -i", e);
            throw failed("cannot bind to interface " + device, e);
        }
    }

    static int localPort(NativeSocket socket) throws ProbeSetupException {
        try {
            return socket.localPort();
        } catch (ErrnoException e) {
            throw failed("cannot read the socket's local port", e);
        }
    }

    /** A socket option every probe depends on; failing here means the kernel lacks the feature. */
    static void enable(NativeSocket socket, int level, int option, int value) throws ProbeSetupException {
        try {
            socket.setInt(level, option, value);
        } catch (ErrnoException e) {
            throw failed("cannot configure the probe socket", e);
        }
    }

    /** The address the kernel would send from towards {@code target} (connecting a UDP socket sends nothing). */
    static InetAddress routeSource(InetAddress target, String device) throws ProbeSetupException {
        try (NativeSocket probe = udp(IpFamily.of(target))) {
            if (device != null) bindToDevice(probe, device);
            probe.connect(target, 1);
            return probe.localAddress();
        } catch (ErrnoException e) {
            throw new ProbeSetupException("cannot send to " + AddressText.of(target) + ": " + e.reason()
                    + " (`ip route get " + AddressText.of(target) + "` shows why)", e);
        }
    }

    /**
     * --mtu's first size, as traceroute --mtu starts: the MTU of the interface the route to {@code target} leaves by
     * (not the kernel's cached path MTU, which an earlier run may have lowered). Connecting a UDP socket sends nothing.
     */
    static int routeMtu(InetAddress target, String device) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        try (NativeSocket probe = udp(family)) {
            if (device != null) bindToDevice(probe, device);
            probe.connect(target, 1);
            java.net.NetworkInterface out = java.net.NetworkInterface.getByInetAddress(probe.localAddress());
            int mtu = out != null ? out.getMTU() : -1;
            return mtu > 0 ? Math.min(mtu, 65000) : probe.getInt(family.level, family == IpFamily.V4 ? IP_MTU : IPV6_MTU);
        } catch (java.net.SocketException e) {
            throw new ProbeSetupException("cannot read the interface MTU towards " + AddressText.of(target) + ": " + e.getMessage(), e);
        } catch (ErrnoException e) {
            throw new ProbeSetupException("cannot find the MTU of the route to " + AddressText.of(target) + ": " + e.reason()
                    + " (`ip route get " + AddressText.of(target) + "` shows the route)", e);
        }
    }

    static ProbeSetupException failed(String what, ErrnoException e) {
        return new ProbeSetupException(what + ": " + e.getMessage(), e);
    }

    /** Why -I cannot run, with the two ways out. Asks jnr-posix for the group: only on this error path. */
    static String icmpDenied() {
        return "-I needs a ping socket or a raw socket: " + groupText() + " is outside net.ipv4.ping_group_range ("
                + Privileges.pingGroupRangeText() + ") and raw sockets need root or CAP_NET_RAW; allow ping sockets with `"
                + ALLOW_PING + "`, or use the default UDP method, which works for any user";
    }

    static String rawDenied() {
        return "--raw needs root or CAP_NET_RAW (it builds IP headers by hand): run it with sudo, or use the default"
                + " UDP method, which works for any user (or -I, if net.ipv4.ping_group_range admits your group)";
    }

    private static String groupText() {
        try {
            return "your group (gid " + Privileges.egid() + ")";
        } catch (RuntimeException | LinkageError e) {
            return "your group";
        }
    }
}
