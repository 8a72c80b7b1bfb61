package jtrace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import jtrace.engine.Event;
import jtrace.engine.Request;
import jtrace.result.Finding;
import jtrace.result.Stop;

/**
 * Hosts rate-limit their ICMP errors (Linux: a burst of ~6, then one per second per source), so a hop that stays
 * silent right after another trace may be a host that is only out of tokens. This re-probes silent hops, through
 * the engine like every probe (so -N and -z hold), in one of two ways:
 * <ul>
 *   <li><b>last ditch</b>: at the gap limit, one more probe to each silent hop, lowest first, once a
 *       rate-limiting host has earned a new token; the lowest one that reaches the destination gets its answer;</li>
 *   <li><b>re-check</b>: the destination answered after silent hops, but its reply's TTL puts it nearer: probe the
 *       silent hops again, one round per rate-limit period, until it answers at its true distance.</li>
 * </ul>
 * The extra probes are kept with their hops (marked extra) and told in a {@link Finding}; the hop line still
 * shows -q results.
 */
final class RateLimitRecovery {
    /** Linux sends a burst of ~6 ICMP errors to one host, then one per second (net.ipv4.icmp_ratelimit). */
    static final long RATE_LIMIT_PERIOD = jtrace.ratelimit.IcmpBudget.LINUX_PERIOD;
    /** A last-ditch probe waits NEAR x the slowest RTT, but at least this long. */
    static final long LAST_DITCH_FLOOR = RATE_LIMIT_PERIOD / 20;
    /** Re-check rounds: at least this many, else one per query (-q). */
    static final int MIN_RECHECK_ROUNDS = 2;

    private final FinishedHops hops;
    private final RouteScanner.Classic scan;
    private final HopLedger ledger;
    private final boolean lastDitch;
    private final int heardAt, distance, stopBefore;
    private final List<Integer> candidates;
    private final Deque<Integer> toSend = new ArrayDeque<>();
    private int roundsLeft, inFlight;
    private long startAt, roundEnd = Long.MAX_VALUE;

    private RateLimitRecovery(FinishedHops hops, boolean lastDitch, int heardAt, int distance, int rounds) {
        this.hops = hops;
        this.scan = hops.scan();
        this.ledger = scan.ledger;
        this.lastDitch = lastDitch;
        this.heardAt = heardAt;
        this.distance = distance;
        this.stopBefore = scan.stopTtl;
        this.candidates = new ArrayList<>(hops.held);
        this.roundsLeft = rounds;
    }

    /** One more probe to each held hop, sent now. */
    static RateLimitRecovery lastDitch(FinishedHops hops, long now) {
        RateLimitRecovery r = new RateLimitRecovery(hops, true, -1, -1, 1);
        r.startRound(now);
        return r;
    }

    /** Re-probes the held hops in front of the destination heard at {@code ttl}, or null if its reply TTL says they are silent routers. */
    static RateLimitRecovery recheck(FinishedHops hops, int ttl) {
        HopLedger ledger = hops.scan().ledger;
        int distance = ledger.replyDistance(ttl);
        if (distance < 0 || distance >= ttl) return null;  // the silent hops really are silent routers
        RateLimitRecovery r = new RateLimitRecovery(hops, false, ttl, distance,
                Math.max(MIN_RECHECK_ROUNDS, hops.options().queries()));
        r.startRound(ledger.lastAnswerFromTarget() + RATE_LIMIT_PERIOD);  // let its token bucket refill
        return r;
    }

    private void startRound(long at) {
        roundsLeft--;
        startAt = at;
        roundEnd = Long.MAX_VALUE;
        toSend.addAll(candidates);
    }

    Request next(long now) {
        if (toSend.isEmpty() || now < startAt) return null;
        if (roundEnd == Long.MAX_VALUE) roundEnd = now + roundWait();
        inFlight++;
        return Request.recheck(toSend.poll());
    }

    private long roundWait() {
        Options o = hops.options();
        long max = Waits.seconds(o.waitMax());
        return lastDitch ? Math.min(max, Math.max((long) (o.waitNear() * scan.waits.slowestRtt()), LAST_DITCH_FLOOR))
                : Math.min(RATE_LIMIT_PERIOD, max);
    }

    long wakeAt(long now) { return !toSend.isEmpty() && startAt > now ? startAt : Long.MAX_VALUE; }

    long deadline(Event.Sent p) { return roundEnd; }

    /** Whether the current round is over; starts the next re-check round if one is due. */
    boolean over(long now) {
        if (!toSend.isEmpty() || candidates.stream().anyMatch(t -> !ledger.allDone(t))) return false;
        candidates.removeIf(t -> t >= scan.stopTtl || ledger.anyAnswer(t));
        if (!lastDitch && roundsLeft > 0 && !candidates.isEmpty()) {
            startRound(ledger.lastAnswerFromTarget() + RATE_LIMIT_PERIOD);
            return false;
        }
        return true;
    }

    /** What the re-probes found, as a finding; the stop reason if the trace ends here, else null to judge the hops again. */
    Stop conclude() {
        List<Integer> held = hops.held;
        if (lastDitch) {
            int first = held.get(0), last = held.get(held.size() - 1);
            if (held.stream().noneMatch(ledger::anyAnswer)) {
                // Routers drained by traces just before answer this probe; if not one host answered anything, even
                // now, there was no rate limit to wait out: say that, not that a rate-limiting host stayed silent.
                hops.findings.add(scan.highestAnswer < hops.options().firstTtl() ? new Finding.NothingAnswered(ledger.count())
                        : new Finding.StillSilent(first, last));
                return hops.finish(Stop.GAP_LIMIT, last);
            }
            if (scan.stopTtl < stopBefore) hops.findings.add(new Finding.FoundAfterSilence(first, last, scan.stopTtl));
            held.clear();  // judge these hops again with their new answers
            return null;
        }
        held.removeIf(t -> t >= scan.stopTtl);
        hops.findings.add(scan.stopTtl < heardAt ? new Finding.DestinationNearer(heardAt, distance, scan.stopTtl)
                : new Finding.LongerReturnPath(distance, heardAt));
        return null;
    }
}
