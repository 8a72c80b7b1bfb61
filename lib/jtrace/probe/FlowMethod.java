package jtrace.probe;

import java.io.IOException;

/**
 * A probe method that can choose a probe's flow: the fields a load balancer hashes (UDP: the ports; ICMP: the
 * checksum) come from {@code flow}, the same flow always the same fields (Paris traceroute), while {@code key}
 * still tells the probes apart. Multipath discovery (MDA) walks flows on purpose.
 */
public interface FlowMethod extends ProbeMethod {
    /** Flows 0..flows()-1 are distinct on the wire. */
    int flows();

    /**
     * Sends one probe with this TTL on flow {@code flow}, identified by {@code key} as in {@link #send(int, int)}.
     * @return the send time on {@link #now()}'s clock
     */
    long send(int ttl, int flow, int key) throws IOException;
}
