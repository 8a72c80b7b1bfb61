package jtrace.multi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jtrace.Hop;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.engine.Engine;
import jtrace.probe.ProbeMethod;
import jtrace.result.Finding;

/**
 * Traces many targets at once, beside {@link RouteScanner} (which traces each piece): several traces run
 * concurrently under one probe budget ({@link Pacer}, --pps) and each known router's ICMP budget
 * ({@link RouterBudget}), and hops already known are not probed again ({@link StopSet}, Doubletree):
 * <ol>
 *   <li>the run's first target is traced whole;</li>
 *   <li>another target starts at the hop where the finished trace of its prefix (else any finished trace)
 *       reached its destination: if its own destination answers there, from as many hops away as the reference's
 *       did (the reply's TTL says), and the reference is of its prefix, the hops below are the reference's;</li>
 *   <li>otherwise it traces on forwards from there, then backwards one hop at a time until a router it meets is
 *       in the stop set at the same TTL: the hops below are that trace's;</li>
 *   <li>a destination nearer than the start is traced whole.</li>
 * </ol>
 * Every result lists every hop; those not probed for it name, in {@link Trace#reusedFrom}, the target whose trace
 * they come from.
 */
public final class MultiScanner {
    /** Targets traced at once: enough to keep a budget of hundreds of probes a second busy on slow paths. */
    public static final int PARALLEL = 32;
    /** Probes per second for the whole run unless --pps says otherwise. */
    public static final double DEFAULT_PPS = 500;

    /** One target: what the user gave, and the address it stands for. */
    public record Target(String host, InetAddress address) {}

    /** Opens a probe method for one target (the caller's choice of method, options, privileges). */
    public interface Opener {
        ProbeMethod open(InetAddress target) throws IOException;
    }

    /** Hears each target as it finishes; called from one thread at a time. */
    public interface Listener {
        void finished(Trace trace);

        void failed(Target target, Exception why);
    }

    private final Options options;
    private final Pacer pacer;
    private final RouterBudget routers;
    private final int parallel;
    private final StopSet stops = new StopSet();

    public MultiScanner(Options options, double pps) { this(options, new Pacer(pps), Pacer.SYSTEM, PARALLEL); }

    MultiScanner(Options options, Pacer pacer, Pacer.Clock clock, int parallel) {
        this.options = options.validate();
        this.pacer = pacer;
        this.routers = new RouterBudget(clock);
        this.parallel = parallel;
    }

    /** Traces every target; each one goes to {@code listener} as it finishes. Returns the traces in the targets' order (null for a failed one). */
    public List<Trace> scan(List<Target> targets, Opener opener, Listener listener) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, targets.size())), r -> {
            Thread t = new Thread(r, "jtrace-target");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trace>> results = new ArrayList<>();
            for (Target t : targets) results.add(pool.submit(() -> traceReporting(t, opener, listener)));  // FIFO: a prefix's first goes first
            List<Trace> traces = new ArrayList<>();
            for (Future<Trace> f : results) {
                try {
                    traces.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    traces.add(null);  // reported to the listener already
                }
            }
            return traces;
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many router interfaces the run's stop set holds. */
    public int stopSetSize() { return stops.size(); }

    private Trace traceReporting(Target t, Opener opener, Listener listener) throws Exception {
        try {
            Trace trace = trace(t, opener);
            synchronized (listener) {
                listener.finished(trace);
            }
            return trace;
        } catch (Exception e) {
            synchronized (listener) {
                listener.failed(t, e);
            }
            throw e;
        }
    }

    private Trace trace(Target t, Opener opener) throws IOException, InterruptedException {
        StopSet.Reference ref = stops.reference(t.address());
        Trace result = null;
        try (ProbeMethod method = opener.open(t.address())) {
            Segments segments = new Segments(routers.metered(pacer.paced(method), ttl -> expectedRouter(ref, ttl)), t);
            result = ref == null ? segments.scan(options.firstTtl(), options.maxTtl()) : fromReference(segments, ref);
            return result;
        } finally {
            stops.finished(t.address(), result);
        }
    }

    private Trace fromReference(Segments s, StopSet.Reference ref) throws IOException, InterruptedException {
        int h = ref.destinationHop();
        if (h <= options.firstTtl() || h > options.maxTtl()) return s.scan(options.firstTtl(), options.maxTtl());
        Trace atStart = s.scan(h, h);
        Trace forward = atStart;
        if (atStart.reached()) {
            int away = hopsAway(atStart), refAway = hopsAway(ref.trace());
            if (away > 0 && away < h) return s.scan(options.firstTtl(), options.maxTtl());  // nearer than the start
            if (ref.sibling() && away > 0 && away == refAway)
                    return s.assemble(List.of(), ref.trace(), h, forward, -1);
        } else if (atStart.stop() != jtrace.result.Stop.UNREACHABLE) {
            forward = s.scan(h, options.maxTtl());  // the route is longer: on to its end
        }
        List<Hop> below = new ArrayList<>();
        for (int ttl = h - 1; ttl >= options.firstTtl(); ttl--) {
            Trace one = s.scan(ttl, ttl);  // its probes wait for the reference's router there to have answers
            if (one.reached() || one.hop(ttl) == null) return s.scan(options.firstTtl(), options.maxTtl());  // nearer: whole
            Hop hop = one.hop(ttl);
            below.add(0, hop);
            Trace owner = stops.owner(hop.address(), ttl);
            if (owner != null) return s.assemble(below, owner, ttl, forward, ttl);
        }
        return s.assemble(below, null, options.firstTtl(), forward, -1);
    }

    /**
     * The router a probe with this TTL will likely expire at, so it waits for that router's budget: the reference
     * trace's below its destination, else the one router any finished trace met there; null if none is known.
     */
    private InetAddress expectedRouter(StopSet.Reference ref, int ttl) {
        if (ref != null && ttl < ref.destinationHop()) {
            Hop hop = ref.trace().hop(ttl);
            if (hop != null && hop.address() != null) return hop.address();
        }
        return stops.onlyRouterAt(ttl);
    }

    /** The destination's distance from its reply's TTL at the last hop, or -1. */
    private static int hopsAway(Trace t) {
        Hop last = t.last();
        if (last == null) return -1;
        return last.probes().stream().filter(p -> p.answered() && p.from().equals(t.target()))
                .mapToInt(p -> p.reply().hopsAway()).max().orElse(-1);
    }

    /** One target's probe engine, run by one RouteScanner after another. */
    private final class Segments {
        private final Engine engine;
        private final Target target;

        Segments(ProbeMethod method, Target target) {
            this.engine = new Engine(method, jtrace.probe.Methods.wireDestination(target.address()));
            this.target = target;
        }

        /** Hops {@code first} to {@code last}, a trace of its own; one engine: a late answer to an earlier segment matches nothing. */
        Trace scan(int first, int last) throws IOException {
            return new RouteScanner(engine, options.firstTtl(first).maxTtl(last)).scan(target.host(), target.address(), hop -> {});
        }

        /**
         * The whole trace: hops from the run's first TTL below {@code from} taken from {@code owner} (none if null),
         * then the hops probed backwards ({@code below}), then the forward part; {@code metAt}: the hop where a router
         * of the owner's was met again, or -1 when the owner is a sibling whose destination answered as far away.
         */
        Trace assemble(List<Hop> below, Trace owner, int from, Trace forward, int metAt) {
            List<Hop> hops = new ArrayList<>();
            Map<Integer, InetAddress> reused = new HashMap<>();
            if (owner != null) {
                for (Hop hop : owner.hops()) {
                    if (hop.ttl() < options.firstTtl() || hop.ttl() >= from) continue;
                    hops.add(hop);
                    reused.put(hop.ttl(), owner.reusedFrom().getOrDefault(hop.ttl(), owner.target()));
                }
            }
            hops.addAll(below);
            hops.addAll(forward.hops());
            List<Finding> findings = new ArrayList<>(forward.findings());
            if (!reused.isEmpty()) {
                Hop met = metAt > 0 ? hops.stream().filter(x -> x.ttl() == metAt).findFirst().orElse(null) : null;
                findings.add(new Finding.Reused(options.firstTtl(), from - 1, owner.target(), met == null ? null : met.address(), metAt));
            }
            return new Trace(target.host(), target.address(), forward.method(), forward.packetSize(), options, hops, forward.stop(),
                    findings, Map.of(), forward.source(), Map.of(), reused);
        }
    }
}
