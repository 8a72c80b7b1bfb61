package jtrace.probe;

import java.io.IOException;

/**
 * One way of sending probes and hearing back — traceroute's mod-udp, mod-icmp, mod-raw. A method is opened
 * for one target; the scanner decides what to send and when, the method only talks to the network.
 * Real methods live beside this file; unit tests use a fake network.
 */
public interface ProbeMethod extends AutoCloseable {
    /** Which of the methods this is: what a trace says it ran with (prints as "udp", "icmp", "raw", "tcp"). */
    Method kind();

    /**
     * Sends one probe with this TTL, identified by {@code key} (0..{@link #keys()}-1) so its reply can be matched.
     * Never drops the probe silently: either it is on the wire or an IOException says why.
     * @return the send time on {@link #now()}'s clock, read just before the packet left
     */
    long send(int ttl, int key) throws IOException;

    /**
     * Sends one probe on {@code flow}: what routers' load balancers hash (the 5-tuple, ICMP checksum, flow label).
     * The classic methods change the flow with every key (the UDP port, the ICMP sequence), so they send as
     * {@link #send(int, int)} does and the flow is the key; a Paris method holds the flow while the key varies.
     */
    default long send(int ttl, int flow, int key) throws IOException { return send(ttl, key); }

    /**
     * Waits for a reply to one of this method's probes until {@code deadline} (on {@link #now()}'s clock).
     * Returns null at the deadline. Packets that are not answers to our probes are dropped here.
     */
    Reply receive(long deadline) throws IOException;

    /**
     * Now, in nanoseconds, on the clock that send times and reply timestamps use. Monotonic: real methods read
     * CLOCK_MONOTONIC (anchored at the wall clock when opened, so it reads as Unix time); tests use a virtual one.
     */
    long now();

    /**
     * How many distinct keys the method can tell apart on the wire: keys are 0..keys()-1. The engine hands them
     * out in turn over the method's lifetime. 65536 (a 16-bit sequence) unless the method says otherwise.
     */
    default int keys() { return 65536; }

    /** Bytes one probe puts on the wire, IP header included — the "60 byte packets" of the header line. */
    int packetSize();

    /** The address the probes leave from (-s, else the kernel's route choice for the target), or null if unknown. */
    default java.net.InetAddress source() { return null; }

    /** Releases the socket(s). Never throws. */
    @Override
    void close();
}
