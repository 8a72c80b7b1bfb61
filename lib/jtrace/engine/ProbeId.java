package jtrace.engine;

import java.net.InetAddress;

/**
 * Who a probe is, explicitly: where it went, with which TTL, on which flow, under which sequence number.
 * The flow is what a router's load balancer hashes (Paris traceroute keeps it constant, MDA varies it); the
 * sequence is what tells replies apart on the wire, unique over a method's lifetime.
 *
 * @param destination the address probed
 * @param ttl         the TTL (hop limit) it left with
 * @param flow        its flow identifier; classic methods vary the flow with every probe (flow = seq)
 * @param seq         the engine's sequence number for it: the method's key on the wire
 */
public record ProbeId(InetAddress destination, int ttl, int flow, int seq) {}
