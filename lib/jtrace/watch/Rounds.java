package jtrace.watch;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import jtrace.Hop;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.ratelimit.IcmpBudget;
import jtrace.probe.ForwardingMethod;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * mtr's loop on top of the scanner: one trace per round, a round every {@code interval} seconds (mtr's
 * default is 1 s), every hop's probes fed into a {@link RouteWatch}.
 *
 * <ul>
 *   <li>Pacing respects ICMP rate limiting: a Linux router answers about one error per second per host after
 *       a burst of six, so each router gets one probe (-q 1) per round, and a round starts only once every router
 *       it will probe has answers left for it ({@link IcmpBudget}, metered by the answers we got): shorter intervals
 *       spend the burst, then slow to the routers' pace rather than count refused probes as loss.</li>
 *   <li>Once a round reached the destination, later rounds stop there (max TTL = its hop): probes past it
 *       would only drain the destination's own ICMP budget. A router answering at that hop means the route
 *       grew, and the next round looks further again.</li>
 *   <li>Every round runs on one probe engine, whose sequence numbers (ports or echo sequences) run on from round
 *       to round: a late answer from an earlier round matches no probe in flight and is never counted now.</li>
 * </ul>
 */
public final class Rounds {
    private final Engine engine;
    private final String host;
    private final InetAddress target;
    private final Options options;
    private final long intervalNanos;
    private final RouteWatch watch;
    private final BooleanSupplier stopped;
    private Integer endTtl;  // the destination's hop once known: later rounds stop there
    private long nextStart = Long.MIN_VALUE;  // paced across calls to run, too
    private final IcmpBudget budget = new IcmpBudget();
    private final Map<Integer, Set<InetAddress>> answeredAt = new HashMap<>();  // TTL -> who answered there

    /** {@code method} is the caller's (and stays open); {@code stopped} ends the rounds within 50 ms. */
    public Rounds(ProbeMethod method, String host, InetAddress target, Options options, double intervalSeconds,
                  RouteWatch watch, BooleanSupplier stopped) {
        if (!(intervalSeconds > 0) || Double.isInfinite(intervalSeconds))
            throw new IllegalArgumentException("interval must be a positive number of seconds, got " + intervalSeconds);
        // One engine for every round: sequence numbers run on, so a late answer from an earlier round matches nothing.
        this.engine = new Engine(metered(new StoppableMethod(method, stopped)), target).listen(e -> {
            if (e instanceof Event.Sent s) watch.sent(s.id().ttl());
            if (e instanceof Event.Answered a) answeredAt.computeIfAbsent(a.id().ttl(), t -> new HashSet<>()).add(a.reply().from());
        });
        this.host = host;
        this.target = target;
        this.options = options.validate();
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.watch = watch;
        this.stopped = stopped;
    }

    /** Runs {@code count} rounds (0: until stopped). Returns when they are done or stopped; I/O errors propagate. */
    public void run(int count) throws IOException {
        for (int round = 0; count == 0 || round < count; round++) {
            try {
                Options o = endTtl == null ? options : options.maxTtl(Math.max(options.firstTtl(), endTtl));
                idleUntil(Math.max(nextStart, routersReady(o)));
                nextStart = engine.now() + intervalNanos;
                // Each round re-probes last round's silent hops a second later: a re-probe within the round would only
                // double what a silent router costs (and delay the round by a second).
                o = o.fast(true);
                watch.startRound();
                Trace trace = new RouteScanner(engine, o).scan(host, target, watch::settle);
                watch.endRound(trace);
                endTtl = nextEnd(trace);
            } catch (CancellationException stop) {
                return;
            }
        }
    }

    /** {@code method} whose every reply takes one of its sender's tokens: a late one (past the destination, dropped) too. */
    private ProbeMethod metered(ProbeMethod method) {
        return new ForwardingMethod(method) {
            @Override
            public Reply receive(long deadline) throws IOException {
                Reply r = inner.receive(deadline);
                if (r != null) budget.spend(r.from(), r.received());
                return r;
            }

            @Override
            public void close() {}  // its owner closes it
        };
    }

    /** When every host that answered at a TTL this round will probe has a token for each of its probes (-q). */
    private long routersReady(Options o) {
        Map<InetAddress, Integer> probes = new HashMap<>();  // a host met at several TTLs gets -q probes at each
        for (Map.Entry<Integer, Set<InetAddress>> at : answeredAt.entrySet())
            if (at.getKey() >= o.firstTtl() && at.getKey() <= o.maxTtl())
                for (InetAddress host : at.getValue()) probes.merge(host, o.queries(), Integer::sum);
        long now = engine.now(), ready = now;
        for (Map.Entry<InetAddress, Integer> p : probes.entrySet()) ready = Math.max(ready, budget.whenTokens(p.getKey(), p.getValue(), now));
        return ready;
    }

    /** Where the next round should stop, or null to look as far as the options allow. */
    private Integer nextEnd(Trace trace) {
        Hop last = trace.last();
        if (last == null) return endTtl;
        return switch (trace.stop()) {
            case REACHED, UNREACHABLE -> last.ttl();
            case GAP_LIMIT, SEND_FAILED -> endTtl;
            // At the end hop: silent is a lost probe (keep the end); a router there means the route grew.
            case MAX_TTL -> endTtl != null && last.ttl() == endTtl && last.silent() ? endTtl : null;
        };
    }

    /** Waits for the next round's start; stray (late) replies that come meanwhile are read and dropped. */
    private void idleUntil(long time) throws IOException {
        while (engine.now() < time) engine.method().receive(time);
        if (stopped.getAsBoolean()) throw new CancellationException("stopped");
    }

    @Override
    public String toString() {
        return "rounds to " + host + " every " + intervalNanos / 1e9 + " s" + (endTtl == null ? "" : ", up to hop " + endTtl);
    }
}
