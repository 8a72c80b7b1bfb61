package jtrace.probe;

/** How probes are sent. Each needs a different privilege on Linux. */
public enum Method {
    /** UDP datagrams to high ports; errors read from the socket's error queue. Any user. */
    UDP("udp", "any user"),
    /** ICMP echo requests: the ping socket when net.ipv4.ping_group_range admits the user, else a raw socket. */
    ICMP("icmp", "a group inside net.ipv4.ping_group_range, or root/CAP_NET_RAW"),
    /** ICMP echo inside an IPv4 header built by hand (IP_HDRINCL): the original RouteScanner's way. */
    RAW("raw", "root or CAP_NET_RAW"),
    /** TCP SYNs to port 80 (-p): one non-blocking connect() per probe; the destination answers SYN-ACK or RST. */
    TCP("tcp", "any user");

    private final String label;
    private final String needs;

    Method(String label, String needs) {
        this.label = label;
        this.needs = needs;
    }

    /** The privilege this method needs, in words. */
    public String needs() { return needs; }

    @Override
    public String toString() { return label; }
}
