package jtrace;

import java.net.InetAddress;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeSettings;
import jtrace.render.TraceView;

/**
 * Everything that shapes a trace, with traceroute(8)'s defaults. Change one thing at a time at a prompt:
 * {@code Options.defaults().queries(1).maxTtl(10)}.
 *
 * @param method      how probes are sent (traceroute -I for ICMP, -U for UDP)
 * @param firstTtl    TTL of the first hop probed (-f)
 * @param maxTtl      give up after this hop (-m)
 * @param queries     probes per hop (-q)
 * @param window      probes in flight at once (-N)
 * @param waitMax     seconds to wait for any reply at most (-w MAX)
 * @param waitHere    wait at most HERE times the round trip of an answer from the same hop (-w ,HERE)
 * @param waitNear    else at most NEAR times the round trip of an answer from a later hop (-w ,,NEAR)
 * @param sendWait    seconds between probes (-z; values of 10 or more are milliseconds, as traceroute)
 * @param gap         stop after this many silent hops in a row past the last answering hop
 * @param port        UDP: first destination port; ICMP: first sequence number (-p); 0 = the method's default
 * @param packetSize  total probe size in bytes, IP header included (traceroute's packetlen, 60)
 * @param numeric     print addresses only, no reverse DNS (-n)
 * @param source      source address to send from (-s), or null
 * @param device      network interface to send from (-i), or null
 * @param extensions  ask for ICMP extensions (RFC 4884: MPLS labels, interface information) and show them (-e)
 * @param mtu         discover the path MTU as the trace goes: Don't Fragment set, probes as big as the path allows (--mtu)
 * @param flow        the flow every probe of a trace takes (Paris traceroute; --flow, Atlas' paris_id), or
 *                    {@link #CLASSIC} for traceroute's flow per probe (--classic): load balancers then spread them
 * @param fast        no re-probes of silent routers after their ICMP rate limit refilled (--fast): traceroute's speed, but a
 *                    router an earlier trace drained shows as {@code * * *} like one that never answers
 */
public record Options(Method method, int firstTtl, int maxTtl, int queries, int window,
                      double waitMax, double waitHere, double waitNear, double sendWait, int gap,
                      int port, int packetSize, boolean numeric, InetAddress source, String device,
                      boolean extensions, boolean mtu, int flow, boolean fast) implements TraceView.Settings {

    /** The flow value for traceroute's classic probes: a new flow (UDP: port) for every probe. */
    public static final int CLASSIC = ProbeSettings.CLASSIC;
    /** --flow takes 0..MAX_FLOW (Atlas' paris_id is 1..64). */
    public static final int MAX_FLOW = 255;

    public static final int DEFAULT_UDP_PORT = ProbeSettings.DEFAULT_UDP_PORT;
    /** TCP probes go to HTTP's port by default, as traceroute -T's do: what firewalls let through. */
    public static final int DEFAULT_TCP_PORT = ProbeSettings.DEFAULT_TCP_PORT;

    /**
     * traceroute's defaults: UDP, hops 1..30, 3 queries, 16 in flight, -w 5,3,10, gap limit 5, 60 bytes; and ours:
     * Paris flow 0, silent routers re-probed. Change them with the withers: {@code defaults().queries(1)}.
     */
    public static Options defaults() {
        return new Options(Method.UDP, 1, 30, 3, 16, 5.0, 3.0, 10.0, 0, 5, 0, 60, false, null, null, false, false, 0, false);
    }

    /** Checks the values a person can get wrong; the message says what to do. */
    public Options validate() {
        require(firstTtl >= 1 && firstTtl <= 255, "first TTL (-f) must be 1..255, got " + firstTtl);
        require(maxTtl >= 1 && maxTtl <= 255, "max TTL (-m) must be 1..255, got " + maxTtl);
        require(firstTtl <= maxTtl, "first TTL (-f " + firstTtl + ") is above max TTL (-m " + maxTtl + ")");
        require(queries >= 1 && queries <= 10, "queries per hop (-q) must be 1..10, got " + queries);
        require(window >= 1 && window <= 128, "simultaneous probes (-N) must be 1..128, got " + window);
        require(waitMax >= 0 && waitHere >= 0 && waitNear >= 0 && Double.isFinite(waitMax + waitHere + waitNear),
                "wait (-w MAX,HERE,NEAR) must be non-negative numbers");
        require(sendWait >= 0 && Double.isFinite(sendWait), "send wait (-z) must be a non-negative number");
        require(gap >= 1 && gap <= 255, "gap limit (--gap) must be 1..255, got " + gap);
        require(flow >= CLASSIC && flow <= MAX_FLOW, "flow (--flow) must be 0.." + MAX_FLOW + ", got " + flow);
        probeSettings();  // port and packet length: checked where they reach the wire
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** What the probe method needs of these options: size, port, flow, -s, -i, -e, --mtu. */
    public ProbeSettings probeSettings() { return new ProbeSettings(packetSize, port, flow, source, device, extensions, mtu); }

    /** These options, where the packet length is traceroute's default (60), with the target family's default (80 for IPv6). */
    public Options withFamilyPacketSize(InetAddress target) {
        return packetSize == defaults().packetSize ? packetSize(Methods.defaultPacketSize(target)) : this;
    }

    /** -z as traceroute reads it: below 10 it is seconds, from 10 on milliseconds. */
    public long sendWaitNanos() {
        return (long) (sendWait >= 10 ? sendWait * 1e6 : sendWait * 1e9);
    }

    public Options method(Method v) { return with(b -> b.method = v); }
    public Options firstTtl(int v) { return with(b -> b.firstTtl = v); }
    public Options maxTtl(int v) { return with(b -> b.maxTtl = v); }
    public Options queries(int v) { return with(b -> b.queries = v); }
    public Options window(int v) { return with(b -> b.window = v); }
    public Options waitMax(double v) { return with(b -> b.waitMax = v); }
    public Options wait(double max, double here, double near) { return with(b -> { b.waitMax = max; b.waitHere = here; b.waitNear = near; }); }
    public Options sendWait(double v) { return with(b -> b.sendWait = v); }
    public Options gap(int v) { return with(b -> b.gap = v); }
    public Options port(int v) { return with(b -> b.port = v); }
    public Options packetSize(int v) { return with(b -> b.packetSize = v); }
    public Options numeric(boolean v) { return with(b -> b.numeric = v); }
    public Options source(InetAddress v) { return with(b -> b.source = v); }
    public Options device(String v) { return with(b -> b.device = v); }
    public Options extensions(boolean v) { return with(b -> b.extensions = v); }
    public Options mtu(boolean v) { return with(b -> b.mtu = v); }
    public Options flow(int v) { return with(b -> b.flow = v); }
    /** --fast: no re-probe of a silent router once its ICMP budget refilled (saves up to a second, may call a busy router silent). */
    public Options fast(boolean v) { return with(b -> b.fast = v); }
    /** traceroute's classic probes: every probe on a flow of its own (UDP: the next port). */
    public Options classic() { return flow(CLASSIC); }
    public boolean paris() { return flow != CLASSIC; }

    /** A copy to change field by field: the one place besides the record header that lists every component. */
    private static final class Builder {
        Method method;
        int firstTtl, maxTtl, queries, window, gap, port, packetSize, flow;
        double waitMax, waitHere, waitNear, sendWait;
        boolean numeric, extensions, mtu, fast;
        InetAddress source;
        String device;

        Builder(Options o) {
            method = o.method; firstTtl = o.firstTtl; maxTtl = o.maxTtl; queries = o.queries; window = o.window;
            waitMax = o.waitMax; waitHere = o.waitHere; waitNear = o.waitNear; sendWait = o.sendWait; gap = o.gap;
            port = o.port; packetSize = o.packetSize; numeric = o.numeric; source = o.source; device = o.device;
            extensions = o.extensions; mtu = o.mtu; flow = o.flow; fast = o.fast;
        }

        Options build() {
            return new Options(method, firstTtl, maxTtl, queries, window, waitMax, waitHere, waitNear, sendWait, gap, port,
                    packetSize, numeric, source, device, extensions, mtu, flow, fast);
        }
    }

    private Options with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }
}
