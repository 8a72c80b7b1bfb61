package jtrace.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

import jtrace.Method;
import jtrace.Options;

/** Opens the probe method the user chose, for one target. */
public final class Methods {
    private Methods() {}

    static final String IPV6_NOT_YET = "IPv6 is not supported yet: trace an IPv4 address or name";

    /**
     * Opens {@code method} towards {@code target}, honouring the options' port, packet size, source (-s) and
     * device (-i). Every failure a user can cause — privilege, unknown interface, foreign source address,
     * IPv6 — is a {@link ProbeSetupException} whose message says what to do.
     */
    public static ProbeMethod open(Method method, InetAddress target, Options options) throws ProbeSetupException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        if (target instanceof Inet6Address) throw new ProbeSetupException(IPV6_NOT_YET);
        if (options.source() instanceof Inet6Address s)
            throw ProbeSetupException.badArgument("source address " + s.getHostAddress()
                    + " (-s) is IPv6 but the target is IPv4: give an IPv4 source address or leave out -s", null);
        if (options.packetSize() < 28 || options.packetSize() > 65000)
            throw new IllegalArgumentException("packet length must be 28..65000 bytes, got " + options.packetSize());
        if (options.port() < 0 || options.port() > 65535)
            throw new IllegalArgumentException("port (-p) must be 1..65535, got " + options.port());
        Inet4Address v4 = (Inet4Address) target;
        return switch (method) {
            case UDP -> UdpMethod.open(v4, options);
            case ICMP -> IcmpMethod.open(v4, options);
            case RAW -> RawMethod.open(v4, options);
        };
    }
}
