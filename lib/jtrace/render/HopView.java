package jtrace.render;

import java.net.InetAddress;
import java.util.List;

/** One hop of a {@link TraceView} as the renderers read it ({@code jtrace.Hop} implements it). */
public interface HopView {
    int ttl();

    /** Every probe sent with this TTL, answered or not. */
    List<? extends ProbeView> probes();

    /** The -q results the hop line shows (an answered extra probe in place of an unanswered regular one). */
    List<? extends ProbeView> shown();

    boolean behindNat();

    /** Why a probe of this hop could not be sent, or null. */
    String error();

    /** The distinct addresses that answered, in order of first answer. */
    List<InetAddress> addresses();

    boolean silent();

    boolean rateLimited();

    long answers();

    /** --mtu: the size of the probes that drew the answers, 0 when none. */
    int probeSize();
}
