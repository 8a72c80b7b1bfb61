package jtrace.ratelimit;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many ICMP errors each router still has for us, as Linux meters them (icmp_ratelimit, per destination):
 * a bucket of {@code burst} answers that refills one answer per {@code period}. A router we have not heard from
 * is assumed full, and this host over loopback always is (Linux meters no ICMP sent there). Spending what we know a router has, rather than probing blindly, keeps it from going
 * quiet — which a tracer would otherwise print as a router that does not answer.
 */
public final class IcmpBudget {
    /** Linux's defaults: a burst of 6 (XRLIM_BURST_FACTOR), then one per second (net.ipv4.icmp_ratelimit). */
    public static final int LINUX_BURST = 6;
    public static final long LINUX_PERIOD = 1_000_000_000L;

    private record Bucket(long credit, long at) {}

    private final int burst;
    private final long period;
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();

    public IcmpBudget() { this(LINUX_BURST, LINUX_PERIOD); }

    public IcmpBudget(int burst, long periodNanos) {
        if (burst < 1 || periodNanos < 1) throw new IllegalArgumentException("a budget needs a burst and a period");
        this.burst = burst;
        this.period = periodNanos;
    }

    /** The refill period: a silent router may be tried again this long after it went quiet. */
    public long period() { return period; }

    /** Whole answers {@code router} can give at {@code now}. */
    public int tokens(InetAddress router, long now) { return (int) (credit(router, now) / period); }

    /** One answer from {@code router} at {@code now}: it spent a token (going below zero is the meter's view too). */
    public void spend(InetAddress router, long now) {
        buckets.put(router, new Bucket(Math.max(0, credit(router, now) - period), now));
    }

    /** {@code router} stayed quiet when it should have answered: take its bucket as empty from {@code now}. */
    public void empty(InetAddress router, long now) { buckets.put(router, new Bucket(0, now)); }

    /** When {@code router} has an answer again ({@code now} if it has one). */
    public long nextToken(InetAddress router, long now) {
        long credit = credit(router, now);
        return credit >= period ? now : now + (period - credit);
    }

    /** When {@code router} has {@code n} answers for us (at most a burst's worth are ever waited for): {@code now} if it has them. */
    public long whenTokens(InetAddress router, int n, long now) {
        long need = Math.min(Math.max(n, 1), burst) * period, credit = credit(router, now);
        return credit >= need ? now : now + (need - credit);
    }

    private long credit(InetAddress router, long now) {
        if (router.isLoopbackAddress()) return burst * period;  // Linux does not meter what it sends over loopback
        Bucket b = buckets.get(router);
        if (b == null) return burst * period;
        return Math.min(burst * period, b.credit + Math.max(0, now - b.at));
    }
}
