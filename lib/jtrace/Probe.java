package jtrace;

import java.net.InetAddress;
import jtrace.probe.Reply;

/**
 * One probe of a trace: when it left and what came back (null for a timeout, shown as {@code *}).
 *
 * @param ttl   the TTL it was sent with
 * @param key   its identity on the wire (ICMP sequence, or UDP port offset)
 * @param sent  send time in nanoseconds, on the same clock as {@link Reply#received()}
 * @param reply the matched reply, or null when none came in time
 */
public record Probe(int ttl, int key, long sent, Reply reply) {
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
