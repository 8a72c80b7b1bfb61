package jtrace;

import java.util.Map;
import java.util.TreeMap;
import jtrace.engine.Request;

/**
 * A hop that stayed silent while a later hop answered is a router that sends no ICMP — or one whose ICMP budget an
 * earlier trace (ours, another tool's) spent a moment ago: Linux answers a burst of ~6, then one a second, and a
 * refused answer costs no token. One more probe, sent a refill period after our first one at that hop, tells them
 * apart: a rate-limiting router has a token again and answers; a silent one stays silent, and now we can say so.
 * The re-probes of several silent hops go together and the trace goes on meanwhile, so the whole cost is one period
 * at most; hops are still printed in order, so lines after a silent hop wait for its re-probe. --fast skips this.
 */
final class SilentRouterCheck {
    /** Jiffies round the kernel's bucket, and the probe has to travel: a little past the period. */
    static final long MARGIN = RateLimitRecovery.RATE_LIMIT_PERIOD / 50;

    private final HopLedger ledger;
    private final boolean off;
    private final Map<Integer, Long> due = new TreeMap<>();  // TTL -> when its re-probe may go
    private final java.util.Set<Integer> scheduled = new java.util.HashSet<>();
    private boolean dropped;  // nothing more goes out: no new re-probes

    SilentRouterCheck(HopLedger ledger, Options options) {
        this.ledger = ledger;
        this.off = options.fast();
    }

    /**
     * Whether hop {@code ttl}, all of whose -q probes are done and unanswered, still waits for its re-probe; the
     * first ask schedules it. A hop re-probed already (here, or by the last-ditch or re-check rounds) waits only for
     * that probe's end.
     */
    boolean waiting(int ttl) {
        if (off || ledger.anyAnswer(ttl)) return false;
        if (due.containsKey(ttl)) return true;
        if (ledger.extraCount(ttl) > 0) return !ledger.allDone(ttl);
        if (dropped) return false;
        due.put(ttl, ledger.firstSent(ttl) + RateLimitRecovery.RATE_LIMIT_PERIOD + MARGIN);
        scheduled.add(ttl);
        return true;
    }

    /**
     * Nothing more may go out (a probe could not be sent): the re-probes not sent yet are dropped, so their hops
     * wait no longer and are not called silent routers; one already sent is still awaited.
     */
    void drop() {
        dropped = true;
        scheduled.removeAll(due.keySet());
        due.clear();
    }

    /** Whether this check re-probed hop {@code ttl} (its result is then a finding: rate-limited, or a silent router). */
    boolean reprobed(int ttl) { return scheduled.contains(ttl); }

    /** A re-probe whose time has come, lowest hop first, or null. */
    Request next(long now) {
        for (Map.Entry<Integer, Long> e : due.entrySet()) {
            if (e.getValue() > now) continue;
            due.remove(e.getKey());
            return Request.recheck(e.getKey());
        }
        return null;
    }

    /** When the next re-probe may go, or {@link Long#MAX_VALUE}; never in the past (one due now goes out with the next send). */
    long wakeAt(long now) {
        long at = Long.MAX_VALUE;
        for (long t : due.values()) if (t > now) at = Math.min(at, t);
        return at;
    }
}
