package jtrace;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.engine.Policy;
import jtrace.engine.Request;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;

/**
 * Finds the route to a host, the way traceroute does: send probes with TTL 1, 2, 3…; each router where a TTL runs
 * out answers "time exceeded", and the destination answers "echo reply" or "port unreachable". This is the
 * classic policy on the probe {@link Engine}, which sends, matches and times out; here we only decide:
 * <ul>
 *   <li>what to send: TTL by TTL, {@value #LOOKAHEAD} hops past the farthest answer, up to the gap limit once
 *       answers stall — so the destination is not sent more probes than it will answer;</li>
 *   <li>how long a probe may wait ({@link Waits}: -w MAX,HERE,NEAR): a silent hop costs ~10 round trips, not seconds;</li>
 *   <li>when a hop is finished, handing it to {@code onHop} in order, and why the trace stops;</li>
 *   <li>when to ask {@link RateLimitRecovery} whether silent hops are only rate-limiting their ICMP errors, and
 *       {@link SilentRouterCheck} whether a silent router is one (unless --fast).</li>
 * </ul>
 */
public final class RouteScanner {
    /** While answers keep coming, probe this many hops past the farthest one: more only reach the destination. */
    static final int LOOKAHEAD = 2;

    private final ProbeMethod method;
    private final Options options;
    private Engine engine;

    /** A scanner for one method; its traces share the method's sequence numbers, so none answers another. */
    public RouteScanner(ProbeMethod method, Options options) {
        this.method = method;
        this.options = options.validate();
    }

    /** A scanner on an engine that other policies (rounds, re-probes) use too. */
    public RouteScanner(Engine engine, Options options) {
        this(engine.method(), options);
        this.engine = engine;
    }

    /** Traces {@code target}; {@code host} is only for display. Hops reach {@code onHop} in order as each is known. */
    public Trace scan(String host, InetAddress target, Consumer<Hop> onHop) throws IOException {
        InetAddress wire = Methods.wireDestination(target);  // 0.0.0.0 goes to 127.0.0.1, as with traceroute
        if (engine == null || !engine.destination().equals(wire)) engine = new Engine(method, wire);
        Classic run = new Classic(wire, onHop);
        engine.run(run, options.window(), options.sendWaitNanos());
        List<Hop> hops = run.printed.stream().map(run.ledger::withLateReplies).toList();  // replies that came after their hop was shown
        return new Trace(host, target, method.kind(), method.packetSize(), options, hops, run.stop, run.findings, java.util.Map.of(),
                method.source(), java.util.Map.of(), java.util.Map.of());
    }

    public Trace scan(InetAddress target) throws IOException {
        return scan(jtrace.packet.AddressText.of(target), target, hop -> {});
    }

    /** The state of one trace, as the engine's policy. */
    final class Classic implements Policy {
        final HopLedger ledger;
        final Waits waits = new Waits(options);
        final InetAddress target;
        final Consumer<Hop> onHop;
        final List<Hop> printed = new ArrayList<>();
        final List<Integer> held = new ArrayList<>();  // silent hops not yet judged
        final List<Finding> findings = new ArrayList<>();
        final SilentRouterCheck silentRouters;
        final java.util.Map<Integer, String> unsent = new java.util.HashMap<>();  // TTL -> why its probe could not be sent
        RateLimitRecovery recovery;                     // re-probes under way, if any
        Stop stop, ending = Stop.MAX_TTL;               // why we stop (once known), and why stopTtl is the end
        int nextRegular, lastPrinted, stopTtl, highestAnswer, lastDitchAt = -1;
        boolean rechecked;
        long lastAnswerAt = engine.now(), slowestRtt;

        Classic(InetAddress target, Consumer<Hop> onHop) {
            this.target = target;
            this.onHop = onHop;
            this.ledger = new HopLedger(target);
            this.silentRouters = new SilentRouterCheck(ledger, options);
            this.lastPrinted = options.firstTtl() - 1;
            this.highestAnswer = lastPrinted;
            this.stopTtl = options.maxTtl();
        }

        int nextTtl() { return options.firstTtl() + nextRegular / options.queries(); }

        @Override
        public Request next(long now) {
            if (recovery != null) return recovery.next(now);
            if (!unsent.isEmpty()) return null;  // a send failed: nothing more goes out
            Request again = silentRouters.next(now);
            if (again != null) return again;
            int ttl = nextTtl();
            if (ttl > stopTtl || ttl > highestAnswer + lookahead(now)) return null;
            nextRegular++;
            return Request.regular(ttl);
        }

        /** Hops to probe past the farthest answer: a few while answers flow, the gap limit's worth once they stall. */
        private int lookahead(long now) { return now - lastAnswerAt >= waits.stall(slowestRtt) ? options.gap() : LOOKAHEAD; }

        @Override
        public long wakeAt(long now) {
            if (recovery != null) return recovery.wakeAt(now);
            int ttl = nextTtl();
            long stalled = lastAnswerAt + waits.stall(slowestRtt);  // then the window opens to the gap limit
            long regular = ttl <= stopTtl && ttl <= highestAnswer + options.gap() && stalled > now ? stalled : Long.MAX_VALUE;
            return Math.min(regular, silentRouters.wakeAt(now));
        }

        @Override
        public long deadline(Event.Sent p) {
            return p.purpose() == Request.Purpose.REGULAR || recovery == null
                    ? p.sentAt() + waits.forProbe(ledger, p.id().ttl(), highestAnswer) : recovery.deadline(p);
        }

        /** A probe that cannot be sent ends the trace at its hop, which says why: never a silently lost probe. */
        @Override
        public boolean recordsSendErrors() { return true; }

        @Override
        public void on(Event e) {
            if (e instanceof Event.Sent s) ledger.sent(s);
            else if (e instanceof Event.Expired x) ledger.expired(x);
            else if (e instanceof Event.Answered a) answered(ledger.answered(a));
            else if (e instanceof Event.Late l) ledger.late(l);
            else if (e instanceof Event.Failed f) unsent(f);
        }

        private void answered(HopLedger.Slot slot) {
            highestAnswer = Math.max(highestAnswer, slot.ttl());
            lastAnswerAt = Math.max(lastAnswerAt, slot.reply.received());
            slowestRtt = Math.max(slowestRtt, slot.rtt());
            boolean fromTarget = ledger.fromTarget(slot);
            if ((slot.reply.isFinal() || fromTarget) && slot.ttl() <= stopTtl) {
                if (slot.ttl() < stopTtl || ending == Stop.MAX_TTL) ending = fromTarget ? Stop.REACHED : Stop.UNREACHABLE;
                else if (fromTarget) ending = Stop.REACHED;
                stopTtl = slot.ttl();
                engine.expire(id -> id.ttl() > stopTtl);  // past the end: answers don't count
            }
        }

        private void unsent(Event.Failed f) {
            int ttl = f.id().ttl();
            unsent.putIfAbsent(ttl, f.error());
            if (ttl <= stopTtl) {
                stopTtl = ttl;
                ending = Stop.SEND_FAILED;
                engine.expire(id -> id.ttl() > ttl);  // past the end
            }
        }

        /** Hands out every hop that is complete and judged; true once the trace has its stop reason. */
        @Override
        public boolean done(long now) throws IOException {
            if (recovery != null) {
                if (!recovery.over(now)) return false;
                stop = recovery.conclude();
                recovery = null;
                if (stop != null) return true;
            }
            scheduleSilentRouters();
            stop = printFinishedHops();
            return stop != null;
        }

        /** Every finished silent hop below a router that answered gets its re-probe scheduled now, all in one period. */
        private void scheduleSilentRouters() {
            for (int ttl = lastPrinted + 1; ttl < stopTtl; ttl++)
                if (ledger.regularCount(ttl) == options.queries() && ledger.allDone(ttl) && !ledger.anyAnswer(ttl)
                        && ledger.routerAnsweredAbove(ttl)) silentRouters.waiting(ttl);
        }

        private Stop printFinishedHops() {
            while (lastPrinted < stopTtl) {
                int ttl = lastPrinted + held.size() + 1;
                if (ttl > stopTtl) break;
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
                    if (lastDitchAt == highestAnswer) return finish(Stop.GAP_LIMIT, held.get(held.size() - 1));
                    lastDitchAt = highestAnswer;
                    recovery = RateLimitRecovery.lastDitch(this);
                    return null;
                }
                if (ttl == stopTtl && !held.isEmpty() && !rechecked) {
                    rechecked = true;
                    recovery = RateLimitRecovery.recheck(this, ttl);
                    if (recovery != null) return null;
                }
                if (lastPrinted + held.size() + 1 > stopTtl) break;  // the re-check found the end earlier
                // A silent hop below one that answered: a silent router, or one rate-limiting? Its re-probe says.
                for (int t : held) if (silentRouters.waiting(t)) return null;
                if (!ledger.anyAnswer(ttl) && silentRouters.waiting(ttl)) return null;
                for (int t : held) emit(t);
                held.clear();
                emit(lastPrinted + 1);
            }
            if (lastPrinted < stopTtl && !held.isEmpty() && held.get(held.size() - 1) == stopTtl)
                return finish(Stop.MAX_TTL, stopTtl);
            if (lastPrinted < stopTtl) return null;
            return finish(ending, stopTtl);
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

        Options options() { return options; }

        Engine engine() { return engine; }
    }

}
