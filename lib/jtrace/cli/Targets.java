package jtrace.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Turns what the user typed into the address to trace. */
final class Targets {
    private Targets() {}

    /** Resolves {@code host}; {@code family} is 4, 6, or 0 for "follow the name". */
    static InetAddress resolve(String host, int family) {
        if (host == null || host.isBlank()) throw new UsageException("no host given: jtrace [options] HOST (see --help)");
        if (!host.equals(host.strip()) || host.chars().anyMatch(Character::isWhitespace))
            throw new UsageException("host '" + host + "' contains white space: give one name or address");
        if (family == 6) throw new UsageException("-6: IPv6 is not supported yet; trace an IPv4 host (or drop -6)");
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException("cannot resolve '" + host + "': unknown host; check the name or give an address");
        }
        return Arrays.stream(all).filter(a -> a instanceof Inet4Address).findFirst().orElseThrow(() ->
                new UsageException("'" + host + "' has only IPv6 addresses (" + all[0].getHostAddress()
                        + "), and IPv6 is not supported yet"));
    }
}
