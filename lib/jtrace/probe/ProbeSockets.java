package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.net.Inet4Address;
import java.util.function.Supplier;

import jtrace.Options;
import jtrace.sys.ErrnoException;
import jtrace.sys.Native;
import jtrace.sys.NativeSocket;
import jtrace.sys.Privileges;
import jtrace.sys.Sockets;

/** Opening and restricting the methods' sockets, and turning what goes wrong into one line for the user. */
final class ProbeSockets {
    private ProbeSockets() {}

    static final String ALLOW_PING = "sudo sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"";

    static NativeSocket udp() throws ProbeSetupException {
        return open(AF_INET, SOCK_DGRAM, IPPROTO_UDP, "socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)");
    }

    /** A ping socket; the ErrnoException (EACCES outside ping_group_range) lets the caller fall back to raw. */
    static NativeSocket ping() throws ErrnoException {
        return NativeSocket.open(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, "socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)");
    }

    /** A raw ICMP socket; EPERM becomes {@code denied}, the message that says what to do instead. */
    static NativeSocket rawIcmp(Supplier<String> denied) throws ProbeSetupException {
        try {
            return NativeSocket.open(AF_INET, SOCK_RAW, IPPROTO_ICMP, "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)");
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.EPERM || e.errno() == ErrnoException.EACCES) throw new ProbeSetupException(denied.get(), e);
            throw failed("cannot open a raw ICMP socket", e);
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
    static void restrict(NativeSocket socket, Options options, boolean alwaysBind) throws ProbeSetupException {
        if (options.device() != null) bindToDevice(socket, options.device());
        Inet4Address source = (Inet4Address) options.source();
        if (source == null && !alwaysBind) return;
        try {
            socket.bind(source == null ? 0 : Sockets.ipv4(source), 0);
        } catch (ErrnoException e) {
            if (source != null && e.errno() == ErrnoException.EADDRNOTAVAIL)
                throw ProbeSetupException.badArgument("source address " + source.getHostAddress()
                        + " (-s) is not an address of this host" + (options.device() != null ? " on " + options.device() : "")
                        + ": use one that `ip -4 addr` lists, or leave out -s", e);
            throw failed("cannot bind to " + (source == null ? "a local port" : source.getHostAddress()), e);
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
    static Inet4Address routeSource(Inet4Address target, String device) throws ProbeSetupException {
        try (NativeSocket probe = udp()) {
            if (device != null) bindToDevice(probe, device);
            probe.connect(Sockets.ipv4(target), 1);
            return Sockets.inet4(probe.localAddress());
        } catch (ErrnoException e) {
            throw new ProbeSetupException("cannot send to " + target.getHostAddress() + ": " + e.reason()
                    + " (`ip route get " + target.getHostAddress() + "` shows why)", e);
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
