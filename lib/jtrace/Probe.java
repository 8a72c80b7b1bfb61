package jtrace;

import java.net.InetAddress;
import jtrace.probe.Reply;
import jtrace.render.ProbeView;
import jtrace.render.TraceText;

/**
 * One probe of a trace: when it left and what came back (null for a timeout, shown as {@code *}).
 *
 * @param ttl   the TTL it was sent with
 * @param flow  its flow (what load balancers hash); classic methods change it with every probe
 * @param key   its identity on the wire: the engine's sequence number (ICMP sequence, or UDP port offset)
 * @param sent  send time in nanoseconds, on the same clock as {@link Reply#received()}
 * @param reply the matched reply, or null when none came in time
 * @param extra sent after the hop's -q probes, to tell rate limiting from silence: not one of the hop line's columns
 * @param late  for a probe counted lost: the reply that still came while the trace ran, or null. It does not make the
 *              probe answered ({@code *} stays); the Atlas result lists it as a "late" reply
 */
public record Probe(int ttl, int flow, int key, long sent, Reply reply, boolean extra, Reply late) implements ProbeView {
    /** A probe without a late reply. */
    public Probe(int ttl, int flow, int key, long sent, Reply reply, boolean extra) { this(ttl, flow, key, sent, reply, extra, null); }

    /** One of a hop's -q probes, on a classic flow (the flow is the key). */
    public Probe(int ttl, int key, long sent, Reply reply) { this(ttl, key, key, sent, reply, false); }

    public boolean answered() { return reply != null; }

    /** The same lost probe with the reply that came after it was given up. */
    public Probe withLate(Reply lateReply) { return new Probe(ttl, flow, key, sent, reply, extra, lateReply); }

    /** Who answered, or null. */
    public InetAddress from() { return reply == null ? null : reply.from(); }

    /** Round-trip time in milliseconds, or NaN for a timeout. */
    public double rtt() { return reply == null ? Double.NaN : (reply.received() - sent) / 1e6; }

    /** {@code *} for a timeout, else who answered, the round trip and traceroute's mark: {@code 10.0.3.2  0.123 ms !H}. */
    @Override
    public String toString() { return TraceText.probe(this); }
}
