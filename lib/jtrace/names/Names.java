package jtrace.names;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place addresses get their names and origin ASes: reverse DNS unless numeric (-n), AS origins when asked
 * for (-A), both concurrent and each within one time budget for the whole run (shared by every target's trace).
 * Renderers only read what this put into a trace ({@code Trace.annotated}).
 */
public final class Names implements AutoCloseable {
    /** How long a run may wait for names (and, separately, for AS origins) in all. */
    public static final long BUDGET_MILLIS = 1000;

    private final ReverseDns dns;
    private final AsLookup as;
    private final Map<InetAddress, String> known;

    /** {@code known}: names given already (a lab's), used as they are. */
    public Names(boolean reverse, boolean asOrigins, Map<InetAddress, String> known) {
        this(reverse, asOrigins, known, null);
    }

    /**
     * Asking one DNS server for names and origins ({@code server}: null for the system's resolver), as the lab does
     * with its own ({@code jtrace lab trace --dns}). Create it on a thread in the network namespace where that
     * server is reachable: its lookups run on threads it starts from there.
     */
    public Names(boolean reverse, boolean asOrigins, Map<InetAddress, String> known, InetAddress server) {
        this(reverse, asOrigins ? new AsLookup(BUDGET_MILLIS, server) : null, known, server);
    }

    Names(boolean reverse, AsLookup as, Map<InetAddress, String> known) { this(reverse, as, known, null); }

    private Names(boolean reverse, AsLookup as, Map<InetAddress, String> known, InetAddress server) {
        this.dns = reverse ? new ReverseDns(BUDGET_MILLIS, known, server) : null;
        this.as = as;
        this.known = Map.copyOf(known);
    }

    /** Starts every lookup for {@code a} (no wait): call it as soon as an address is seen. */
    public void prefetch(InetAddress a) {
        if (dns != null) dns.prefetch(a);
        if (as != null) as.prefetch(a);
    }

    /** {@code a}'s name for a hop line, waiting within the budget; null (numeric) for the bare address. */
    public String name(InetAddress a) { return dns != null ? dns.name(a) : known.get(a); }

    /** {@code a}'s origin AS when asked for (-A), waiting within the budget; else null. */
    public Origin origin(InetAddress a) { return as != null ? as.origin(a) : null; }

    /** What a trace shows of its addresses: their names (the known ones too) and origin ASes. */
    public record Found(Map<InetAddress, String> names, Map<InetAddress, Origin> origins) {}

    /** The names and origins of {@code addresses}, waiting for them within what is left of the budgets. */
    public Found of(List<InetAddress> addresses) {
        addresses.forEach(this::prefetch);
        Map<InetAddress, String> names = new HashMap<>(known);
        Map<InetAddress, Origin> origins = new HashMap<>();
        for (InetAddress a : addresses) {
            if (dns != null) names.put(a, dns.name(a));
            if (as != null) {
                Origin o = as.origin(a);
                if (o != null) origins.put(a, o);
            }
        }
        return new Found(names, origins);
    }

    @Override
    public void close() {
        if (dns != null) dns.close();
        if (as != null) as.close();
    }
}
