package jtrace.names;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jtrace.sys.Interfaces;
import jtrace.sys.Resolver;
import jtrace.sys.Sockets;

/**
 * Turns what the user typed into the address to trace, as traceroute 2.1 does: an address literal is taken
 * as it is (IPv6 with an optional zone, "fe80::1%eth0"), and its family is the trace's; a name goes through
 * getaddrinfo, and with -4 or -6 its first address of that family is traced. Without either, traceroute
 * takes the first IPv4 address if the name has one (its default family), else the first address at all —
 * whatever order getaddrinfo and /etc/gai.conf prefer; so does jtrace. The one resolver: the command line, the
 * REPL and {@code trace()} at a JShell prompt all resolve here. A mistake is an IllegalArgumentException whose
 * message says what to do (the command line shows it as a usage error).
 */
public final class Targets {
    private Targets() {}

    /** Resolves {@code host}; {@code family} is 4, 6, or 0 for "follow the name". */
    public static InetAddress resolve(String host, int family) {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("no host given: jtrace [options] HOST (see --help)");
        if (!host.equals(host.strip()) || host.chars().anyMatch(Character::isWhitespace))
            throw new IllegalArgumentException("host '" + host + "' contains white space: give one name or address");
        InetAddress literal = literal(host);
        if (literal != null) {
            int is = literal instanceof Inet6Address ? 6 : 4;
            if (family != 0 && family != is)
                throw new IllegalArgumentException("-" + family + " asks for IPv" + family + " but " + host + " is an IPv" + is
                        + " address: drop -" + family + " or give an IPv" + family + " address");
            return literal;
        }
        List<InetAddress> all;
        try {
            all = Resolver.lookup(host, family == 4 ? Sockets.AF_INET : family == 6 ? Sockets.AF_INET6 : Sockets.AF_UNSPEC);
        } catch (UnknownHostException e) {
            if (family != 0 && hasAddresses(host))
                throw new IllegalArgumentException("'" + host + "' has no IPv" + family + " address: drop -" + family);
            throw new IllegalArgumentException("cannot resolve '" + host + "': unknown host; check the name or give an address");
        }
        if (all.isEmpty()) throw new IllegalArgumentException("cannot resolve '" + host + "': it has no address; check the name or give an address");
        return all.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(all.get(0));
    }

    /** Whether the name resolves in any family (to tell "no such name" from "none of that family"). */
    private static boolean hasAddresses(String host) {
        try {
            return !Resolver.lookup(host, Sockets.AF_UNSPEC).isEmpty();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * {@code host} as an address if it is written as one, else null. The zone of an IPv6 literal is an
     * interface name or number, looked up on this thread (in its network namespace).
     */
    public static InetAddress literal(String host) {
        boolean v6 = host.indexOf(':') >= 0;
        if (!v6 && !host.matches("[0-9.]+")) return null;
        int percent = host.indexOf('%');
        if (!v6 && percent >= 0) return null;
        String address = percent >= 0 ? host.substring(0, percent) : host;
        if (v6 && !address.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);  // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP" + (v6 ? "v6" : "v4") + " address");
        }
        if (percent < 0) return parsed;  // ::ffff:a.b.c.d comes back as a.b.c.d, the IPv4 address it stands for
        if (parsed instanceof Inet4Address) throw new IllegalArgumentException("'" + host + "': an IPv4 address has no zone");
        String zone = host.substring(percent + 1);
        int index = zone.matches("[0-9]+") ? Integer.parseInt(zone) : Interfaces.index(zone);
        if (index <= 0 || Interfaces.name(index) == null)
            throw new IllegalArgumentException("'" + host + "': there is no interface '" + zone + "' on this host (`ip link` lists them)");
        return Interfaces.scoped(parsed.getAddress(), index);
    }
}
