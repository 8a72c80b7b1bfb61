package jtrace;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.Consumer;
import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.engine.Policy;
import jtrace.engine.Request;
import jtrace.packet.AddressText;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Finding;
import jtrace.result.Stop;

/**
 * Finds the route to a host, the way traceroute does: send probes with TTL 1, 2, 3…; each router where a TTL runs
 * out answers "time exceeded", and the destination answers "echo reply" or "port unreachable". This is the
 * classic policy on the probe {@link Engine}, which sends, matches and times out; here we only decide:
 * <ul>
 *   <li>what to send: TTL by TTL, {@value #LOOKAHEAD} hops past the farthest answer, up to the gap limit once
 *       answers stall — so the destination is not sent more probes than it will answer;</li>
 *   <li>how long a probe may wait ({@link Waits}: -w MAX,HERE,NEAR): a silent hop costs ~10 round trips, not
 *       seconds;</li>
 *   <li>what an answer means: the destination's answer or an unreachable is the end, and so is a probe that
 *       cannot be sent; nothing past the end counts;</li>
 *   <li>when a hop is finished: {@link FinishedHops} hands hops to {@code onHop} in order, once each is judged
 *       (silent routers, rate-limited ones, the gap limit), and says why the trace stops.</li>
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
        FinishedHops done = run.hops;
        return new Trace(host, target, method.kind(), method.packetSize(), options, done.hops(), done.stop(),
                done.findings, Map.of(), method.source(), Map.of(), Map.of());
    }

    public Trace scan(InetAddress target) throws IOException {
        return scan(AddressText.of(target), target, hop -> {});
    }

    /** The state of one trace, as the engine's policy. */
    final class Classic implements Policy {
        final HopLedger ledger;
        final Waits waits = new Waits(options, engine.now());
        final FinishedHops hops;
        Stop ending = Stop.MAX_TTL;  // why stopTtl is the end
        int nextRegular, stopTtl, highestAnswer;

        Classic(InetAddress target, Consumer<Hop> onHop) {
            this.ledger = new HopLedger(target);
            this.highestAnswer = options.firstTtl() - 1;
            this.stopTtl = options.maxTtl();
            this.hops = new FinishedHops(this, options, onHop);
        }

        int nextTtl() { return options.firstTtl() + nextRegular / options.queries(); }

        @Override
        public Request next(long now) {
            Request again = hops.reprobe(now);  // re-probes of silent hops go first
            if (again != null) return again;
            if (hops.recovering() || hops.sendFailed()) return null;  // re-probes only, or none after a failed send
            int ttl = nextTtl();
            if (ttl > stopTtl || ttl > highestAnswer + lookahead(now)) return null;
            nextRegular++;
            return Request.regular(ttl);
        }

        /** Hops to probe past the farthest answer: a few while answers flow, the gap limit's worth once they stall. */
        private int lookahead(long now) { return now >= waits.stalledAt() ? options.gap() : LOOKAHEAD; }

        @Override
        public long wakeAt(long now) {
            if (hops.recovering()) return hops.wakeAt(now);
            int ttl = nextTtl();
            long stalled = waits.stalledAt();  // then the window opens to the gap limit
            boolean more = ttl <= stopTtl && ttl <= highestAnswer + options.gap();
            return Math.min(more && stalled > now ? stalled : Long.MAX_VALUE, hops.wakeAt(now));
        }

        @Override
        public long deadline(Event.Sent p) {
            if (p.purpose() != Request.Purpose.REGULAR && hops.recovering()) return hops.recoveryDeadline(p);
            return p.sentAt() + waits.forProbe(ledger, p.id().ttl(), highestAnswer);
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
            else if (e instanceof Event.Failed f) unsent(f);  // last: loaded only once a send fails
        }

        private void answered(HopLedger.Slot slot) {
            highestAnswer = Math.max(highestAnswer, slot.ttl());
            waits.answered(slot);
            boolean fromTarget = ledger.fromTarget(slot);
            if (!slot.reply.isFinal() && !fromTarget || slot.ttl() > stopTtl) return;
            // At the hop already known as the end, only the destination's own answer changes why it is the end.
            if (slot.ttl() < stopTtl || ending == Stop.MAX_TTL || fromTarget)
                ending = fromTarget ? Stop.REACHED : Stop.UNREACHABLE;
            endAt(slot.ttl());
        }

        private void unsent(Event.Failed f) {
            int ttl = f.id().ttl();
            hops.unsent(ttl, f.error());
            if (ttl > stopTtl) return;
            ending = Stop.SEND_FAILED;
            endAt(ttl);
        }

        /** Hop {@code ttl} is the last: probes past it are given up, their answers would not count. */
        private void endAt(int ttl) {
            stopTtl = ttl;
            engine.expire(id -> id.ttl() > ttl);
        }

        /** Hands out every hop that is finished and judged; true once the trace has its stop reason. */
        @Override
        public boolean done(long now) { return hops.handOut(now); }
    }
}
