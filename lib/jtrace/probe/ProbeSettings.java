package jtrace.probe;

import java.net.InetAddress;

/**
 * What a probe method needs to open its sockets and build its probes: the part of a trace's options that reaches
 * the wire. {@code Options.probeSettings()} builds it, so the probe layer knows nothing of scan policy.
 *
 * @param packetSize total probe size in bytes, IP header included
 * @param port       UDP: first destination port; ICMP: first sequence number; TCP: destination port; 0 = the method's default
 * @param flow       the flow every probe takes (Paris), or {@link #CLASSIC} for a flow per probe
 * @param source     source address to send from (-s), or null
 * @param device     network interface to send from (-i), or null
 * @param extensions ask for ICMP extensions (RFC 4884) (-e)
 * @param mtu        Don't Fragment set, probes as big as the path allows (--mtu)
 */
public record ProbeSettings(int packetSize, int port, int flow, InetAddress source, String device, boolean extensions, boolean mtu) {
    /** The flow value for traceroute's classic probes: a new flow (UDP: port) for every probe. */
    public static final int CLASSIC = -1;
    /** traceroute's first UDP destination port. */
    public static final int DEFAULT_UDP_PORT = 33434;
    /** TCP probes go to HTTP's port by default, as traceroute -T's do: what firewalls let through. */
    public static final int DEFAULT_TCP_PORT = 80;

    /** The one check of what reaches the wire: every way in (options, the command line, a prompt) ends here. */
    public ProbeSettings {
        if (port < 0 || port > 65535)
            throw new IllegalArgumentException("port (-p) must be 1..65535, or 0 for the method's default, got " + port);
        if (packetSize < 28 || packetSize > 65000)
            throw new IllegalArgumentException("packet length must be 28..65000 bytes, got " + packetSize);
    }
}
