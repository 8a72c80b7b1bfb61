package jtrace;

import java.net.InetAddress;
import jtrace.probe.Reply;

/**
 * One probe of a trace: when it left and what came back (null for a timeout, shown as {@code *}).
 *
 * @param ttl   the TTL it was sent with
 * @param flow  its flow (what load balancers hash); classic methods change it with every probe
 * @param key   its identity on the wire: the engine's sequence number (ICMP sequence, or UDP port offset)
 * @param sent  send time in nanoseconds, on the same clock as {@link Reply#received()}
 * @param reply the matched reply, or null when none came in time
 * @param extra sent after the hop's -q probes, to tell rate limiting from silence: not one of the hop line's columns
 */
public record Probe(int ttl, int flow, int key, long sent, Reply reply, boolean extra) {
    /** One of a hop's -q probes, on a classic flow (the flow is the key). */
    public Probe(int ttl, int key, long sent, Reply reply) { this(ttl, key, key, sent, reply, false); }

    public boolean answered() { return reply != null; }

    /** Who answered, or null. */
    public InetAddress from() { return reply == null ? null : reply.from(); }

    /** Round-trip time in milliseconds, or NaN for a timeout. */
    public double rtt() { return reply == null ? Double.NaN : (reply.received() - sent) / 1e6; }

    @Override
    public String toString() {
        return reply == null ? "*" : String.format("%s  %.3f ms%s", jtrace.packet.AddressText.of(reply.from()), rtt(),
                reply.annotation().isEmpty() ? "" : " " + reply.annotation());
    }
}
