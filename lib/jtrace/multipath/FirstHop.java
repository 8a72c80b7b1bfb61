package jtrace.multipath;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this host's own routing says about hop 1, the one load balancer we can read instead of probe: Linux picks
 * among a multipath route's next hops by a hash that, under its default policy (net.ipv4.fib_multipath_hash_policy
 * = 0), covers the addresses only — so every flow to one destination leaves by the same next hop, whatever its
 * ports or checksum, and hop 1 needs one answer, not a stopping rule's worth. A kernel built without multipath
 * routes has no such file and one next hop per route. IPv6's default hash covers the flow label, which the kernel
 * derives from the ports: there hop 1 is probed like any other.
 */
public final class FirstHop {
    private FirstHop() {}

    static final Path IPV4_POLICY = Path.of("/proc/sys/net/ipv4/fib_multipath_hash_policy");

    /** True when every flow this host sends to {@code target} leaves through the same first hop (read in the caller's network namespace). */
    public static boolean sharedByEveryFlow(InetAddress target) {
        if (!(target instanceof Inet4Address)) return false;
        try {
            if (!Files.exists(IPV4_POLICY)) return Files.isDirectory(IPV4_POLICY.getParent());
            return Files.readString(IPV4_POLICY).trim().equals("0");
        } catch (java.io.IOException | SecurityException e) {
            return false;  // unknown: probe hop 1 like any other
        }
    }
}
