package jtrace.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

import jtrace.packet.AddressText;

/** Opens the probe method the user chose, for one target, IPv4 or IPv6 alike. */
public final class Methods {
    private Methods() {}

    /** traceroute's default packet length: the IP header and 40 bytes more, so 60 for IPv4 and 80 for IPv6. */
    public static int defaultPacketSize(InetAddress target) {
        return IpFamily.of(target).headerLength + 40;
    }

    /**
     * Opens {@code method} towards {@code target}, honouring the settings' port, packet size, source (-s) and
     * device (-i). Every failure a user can cause — privilege, unknown interface, foreign source address, a
     * source of the other family, a link-local target without its interface — is a
     * {@link ProbeSetupException} whose message says what to do.
     */
    public static ProbeMethod open(Method method, InetAddress target, ProbeSettings options) throws ProbeSetupException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        IpFamily family = IpFamily.of(target);
        if (options.source() != null && IpFamily.of(options.source()) != family)
            throw ProbeSetupException.badArgument("source address " + AddressText.of(options.source()) + " (-s) is "
                    + IpFamily.of(options.source()) + " but the target is " + family + ": give an " + family
                    + " source address or leave out -s", null);
        if (target instanceof Inet6Address v6 && needsZone(v6) && v6.getScopeId() == 0 && options.device() == null)
            throw ProbeSetupException.badArgument(AddressText.of(target) + " is a link-local address: say which interface"
                    + " it is on, as " + AddressText.of(target) + "%IFACE, or give -i IFACE", null);
        if (options.packetSize() < family.headerLength + 8 || options.packetSize() > 65000)
            throw ProbeSetupException.badArgument("packet length must be " + (family.headerLength + 8) + "..65000 bytes for "
                    + family + " (the " + family.headerLength + "-byte header and 8 of UDP or ICMP), got " + options.packetSize(), null);
        if (options.mtu() && method != Method.UDP)
            throw ProbeSetupException.badArgument("--mtu sends UDP probes of shrinking size: leave out " + switch (method) {
                case ICMP -> "-I";
                case RAW -> "--raw";
                case TCP -> "-T";
                case UDP -> "-U";
            }, null);
        ProbeMethod m = switch (method) {
            case UDP -> UdpMethod.open(target, options);
            case ICMP -> IcmpMethod.open(target, options);
            case RAW -> {
                RawMethod raw = RawMethod.open(target, options);  // first: without root, that is what to say
                try {
                    PathMtu.requireFits(target, options);
                } catch (ProbeSetupException tooLong) {
                    raw.close();
                    throw tooLong;
                }
                yield raw;
            }
            case TCP -> openTcp(target, options);
        };
        if (options.extensions() && m instanceof SocketMethod s) {
            try {
                s.askForExtensions();
            } catch (ProbeSetupException e) {
                m.close();
                throw e;
            }
        }
        return m;
    }

    /**
     * Where probes to {@code target} really go: the unspecified address (0.0.0.0, ::) means this host to Linux,
     * which sends to the loopback address, so replies quote 127.0.0.1 (::1). Anything else goes where it says.
     */
    public static InetAddress wireDestination(InetAddress target) {
        if (!target.isAnyLocalAddress()) return target;
        return target instanceof Inet6Address ? loopback6() : loopback4();
    }

    private static InetAddress loopback4() { return address(new byte[] {127, 0, 0, 1}); }

    private static InetAddress loopback6() {
        byte[] b = new byte[16];
        b[15] = 1;
        return address(b);
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an address", e);
        }
    }

    /** -T: SYNs built by hand on a raw socket where that is permitted (root, CAP_NET_RAW), else one connect() per probe. */
    private static ProbeMethod openTcp(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        RawTcpMethod raw = RawTcpMethod.openIfPermitted(target, options);
        return raw != null ? raw : TcpConnectMethod.open(target, options);
    }

    /** Link-local and interface-local multicast addresses mean nothing without an interface. */
    private static boolean needsZone(Inet6Address a) {
        return a.isLinkLocalAddress() || a.isMCLinkLocal() || a.isMCNodeLocal();
    }
}
