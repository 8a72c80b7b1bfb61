package jtrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jtrace.engine.Event;
import jtrace.engine.Request;
import jtrace.result.Finding;
import jtrace.result.Stop;

/**
 * The classic scanner's hops, handed out in order, each once it is finished (its -q probes answered or given up)
 * and judged. A hop that answered is judged. A silent one is judged by what comes after it:
 * <ul>
 *   <li>below a router that answered, it is a silent router or one rate-limiting its errors:
 *       {@link SilentRouterCheck} re-probes it once (unless --fast), and the answer becomes a finding;</li>
 *   <li>with no router answering after it, it is held: at the gap limit the held hops get one last-ditch probe
 *       each ({@link RateLimitRecovery}), and if none answers the trace stops there;</li>
 *   <li>held hops in front of a destination whose reply TTL says it is nearer are re-checked, once its ICMP budget
 *       refilled, until it answers at its true distance.</li>
 * </ul>
 * A hop whose probe could not be sent is the last one and says why. At the end, hops that answered only some
 * probes are told as findings too.
 */
final class FinishedHops {
    private final RouteScanner.Classic scan;
    private final HopLedger ledger;
    private final Options options;
    private final Consumer<Hop> onHop;
    private final SilentRouterCheck silentRouters;
    private final List<Hop> printed = new ArrayList<>();
    final List<Integer> held = new ArrayList<>();  // silent hops not yet judged
    final List<Finding> findings = new ArrayList<>();
    private final Map<Integer, String> unsent = new HashMap<>();  // TTL -> why its probe could not be sent
    private RateLimitRecovery recovery;  // re-probes under way, if any
    private Stop stop;
    private int lastPrinted, lastDitchAt = -1;
    private boolean rechecked;

    FinishedHops(RouteScanner.Classic scan, Options options, Consumer<Hop> onHop) {
        this.scan = scan;
        this.ledger = scan.ledger;
        this.options = options;
        this.onHop = onHop;
        this.silentRouters = new SilentRouterCheck(ledger, options);
        this.lastPrinted = options.firstTtl() - 1;
    }

    RouteScanner.Classic scan() { return scan; }

    Options options() { return options; }

    /** The hops as handed out, with the late replies their lost probes drew since. */
    List<Hop> hops() { return printed.stream().map(ledger::withLateReplies).toList(); }

    /** Why the trace stopped, once it has. */
    Stop stop() { return stop; }

    /** Whether a rate-limit recovery is under way: then only its probes go out, on its deadlines. */
    boolean recovering() { return recovery != null; }

    /** Whether a probe could not be sent: then nothing more goes out. */
    boolean sendFailed() { return !unsent.isEmpty(); }

    /** A probe to a silent hop that is due now (recovery's, else a silent router's), or null. */
    Request reprobe(long now) {
        if (recovery != null) return recovery.next(now);
        return sendFailed() ? null : silentRouters.next(now);
    }

    /** When the next re-probe may go, or {@link Long#MAX_VALUE}. */
    long wakeAt(long now) { return recovery != null ? recovery.wakeAt(now) : silentRouters.wakeAt(now); }

    /** When a recovery's probe stops waiting: its round's end. */
    long recoveryDeadline(Event.Sent p) { return recovery.deadline(p); }

    /** The probe to {@code ttl} could not be sent, for this reason: that hop will say so, and nothing more goes out. */
    void unsent(int ttl, String error) {
        unsent.putIfAbsent(ttl, error);
        silentRouters.drop();  // their re-probes would not go out: waiting for them would stall the trace
    }

    /** Hands out every hop that is finished and judged; true once the trace has its stop reason. */
    boolean handOut(long now) {
        if (recovery != null) {
            if (!recovery.over(now)) return false;
            stop = recovery.conclude();
            recovery = null;
            if (stop != null) return true;
        }
        scheduleSilentRouters();
        stop = printFinishedHops(now);
        return stop != null;
    }

    /** Every finished silent hop below a router that answered gets its re-probe scheduled now, all in one period. */
    private void scheduleSilentRouters() {
        for (int ttl = lastPrinted + 1; ttl < scan.stopTtl; ttl++)
            if (ledger.regularCount(ttl) == options.queries() && ledger.allDone(ttl) && !ledger.anyAnswer(ttl)
                    && ledger.routerAnsweredAbove(ttl)) silentRouters.waiting(ttl);
    }

    private Stop printFinishedHops(long now) {
        while (lastPrinted < scan.stopTtl) {
            int ttl = lastPrinted + held.size() + 1;
            if (ttl > scan.stopTtl) break;
            if (unsent.containsKey(ttl)) {  // the end: what was sent there is in (or given up), then the error
                if (!ledger.allDone(ttl)) return null;
                for (int t : held) emit(t);
                held.clear();
                emit(ttl);
                return finish(Stop.SEND_FAILED, ttl);
            }
            if (ledger.regularCount(ttl) < options.queries() || !ledger.allDone(ttl)) return null;
            if (!ledger.anyAnswer(ttl) && !ledger.routerAnsweredAbove(ttl)) {
                held.add(ttl);  // a silent router, or the destination keeping quiet? Decided later.
                if (held.size() < options.gap()) continue;
                if (lastDitchAt == scan.highestAnswer) return finish(Stop.GAP_LIMIT, held.get(held.size() - 1));
                lastDitchAt = scan.highestAnswer;
                recovery = RateLimitRecovery.lastDitch(this, now);
                return null;
            }
            if (ttl == scan.stopTtl && !held.isEmpty() && !rechecked) {
                rechecked = true;
                recovery = RateLimitRecovery.recheck(this, ttl);
                if (recovery != null) return null;
            }
            if (lastPrinted + held.size() + 1 > scan.stopTtl) break;  // the re-check found the end earlier
            // A silent hop below one that answered: a silent router, or one rate-limiting? Its re-probe says.
            for (int t : held) if (silentRouters.waiting(t)) return null;
            if (!ledger.anyAnswer(ttl) && silentRouters.waiting(ttl)) return null;
            for (int t : held) emit(t);
            held.clear();
            emit(lastPrinted + 1);
        }
        if (lastPrinted < scan.stopTtl && !held.isEmpty() && held.get(held.size() - 1) == scan.stopTtl)
            return finish(Stop.MAX_TTL, scan.stopTtl);
        if (lastPrinted < scan.stopTtl) return null;
        return finish(scan.ending, scan.stopTtl);
    }

    private void emit(int ttl) {
        Hop hop = unsent.containsKey(ttl) ? ledger.hop(ttl).withError(unsent.get(ttl)) : ledger.hop(ttl);
        if (silentRouters.reprobed(ttl))
            findings.add(hop.silent() ? new Finding.SilentRouter(ttl) : new Finding.RateLimited(ttl));
        printed.add(hop);
        lastPrinted = ttl;
        onHop.accept(hop);
    }

    /** Prints the held hops up to {@code lastTtl}, notes the hops that lost probes to rate limiting, and stops. */
    Stop finish(Stop why, int lastTtl) {
        for (int t : held) if (t <= lastTtl) emit(t);
        held.clear();
        for (Hop h : printed) {
            long answered = h.regular().stream().filter(Probe::answered).count(), sent = h.regular().size();
            if (answered > 0 && answered < sent) findings.add(new Finding.PartialAnswers(h.ttl(), (int) answered, (int) sent));
        }
        return why;
    }
}
