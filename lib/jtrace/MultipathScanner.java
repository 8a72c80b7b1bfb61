package jtrace;

import jtrace.probe.Method;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.engine.Policy;
import jtrace.engine.Request;
import jtrace.multipath.FirstHop;
import jtrace.ratelimit.IcmpBudget;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.probe.FlowMethod;

/**
 * Finds every path to a host through load balancers (MDA, {@code jtrace --mda}): where {@link RouteScanner}
 * follows one flow, this one sends probes on many flows and keeps going at each hop until, at the stated
 * confidence, no interface is left unseen. The plan is {@link MdaPlanner}'s; this class is its policy on the
 * probe {@link Engine}: it hands the plan's rounds to the engine, tells the plan what came back, and says how
 * long each probe may wait (traceroute's -w MAX,HERE,NEAR).
 *
 * <pre>{@code
 * try (FlowMethod udp = (FlowMethod) Methods.open(Method.UDP, target, Options.defaults().probeSettings())) {
 *     Multipath m = new MultipathScanner(udp, Options.defaults(), StoppingRule.percent(99)).scan(target);
 * }
 * }</pre>
 */
public final class MultipathScanner {
    /** A wait never shorter than this: a reply handled a little late is not a lost one. */
    static final long WAIT_FLOOR = 20_000_000L;
    /** Most probes one hop may take: a hop half of whose probes never answer cannot loop. */
    static final int PROBE_CAP = 200;

    private final FlowMethod net;
    private final Options options;
    private final StoppingRule rule;
    private final IcmpBudget budget;
    private final Boolean firstHopShared;  // null: read this host's routing (FirstHop) at scan time
    private final MdaPlanner.Saving saving;

    public MultipathScanner(FlowMethod method, Options options, StoppingRule rule) {
        this(method, options, rule, new IcmpBudget());
    }

    /** With a budget of the routers' answers shared with other scans (several targets, repeated runs). */
    public MultipathScanner(FlowMethod method, Options options, StoppingRule rule, IcmpBudget budget) {
        this(method, options, rule, budget, null);
    }

    /**
     * Saying whether every flow leaves through the same first hop (then hop 1 takes one answer), instead of reading
     * it from this host's routing ({@link FirstHop}): for a network that is not this host's.
     */
    public MultipathScanner(FlowMethod method, Options options, StoppingRule rule, IcmpBudget budget, Boolean firstHopShared) {
        this(method, options, rule, budget, firstHopShared, MdaPlanner.Saving.TIME);
    }

    private MultipathScanner(FlowMethod method, Options options, StoppingRule rule, IcmpBudget budget, Boolean firstHopShared,
                             MdaPlanner.Saving saving) {
        this.net = method;
        this.options = options.validate();
        this.rule = rule;
        this.budget = budget;
        this.firstHopShared = firstHopShared;
        this.saving = saving;
    }

    /**
     * This scanner saving probes or time where a router has spent its burst ({@link MdaPlanner.Saving}; time by
     * default): saving probes, it waits for refills (about a second each on Linux) rather than lose flows to them.
     */
    public MultipathScanner saving(MdaPlanner.Saving what) {
        return new MultipathScanner(net, options, rule, budget, firstHopShared, what);
    }

    public Multipath scan(InetAddress target) throws IOException {
        long start = net.now();
        boolean shared = firstHopShared != null ? firstHopShared : FirstHop.sharedByEveryFlow(target);
        Mda mda = new Mda(new MdaPlanner(target, rule, budget, options.firstTtl(), options.maxTtl(), options.gap(), PROBE_CAP, shared, saving).flows(net.flows()));
        // The whole round goes out at once (a hop's answers come from different routers), and no faster than -z.
        new Engine(net, target).run(mda, Math.max(options.window(), PROBE_CAP), options.sendWaitNanos());
        return Multipath.of(target, net.kind(), rule, mda.plan, mda.sent, net.now() - start);
    }

    /** The plan as an engine policy. */
    private final class Mda implements Policy {
        final MdaPlanner plan;
        final Deque<MdaPlanner.Probe> round = new ArrayDeque<>();
        final Map<Integer, Long> slowest = new HashMap<>();  // ttl -> slowest answer there: the wait at that hop
        int sent;

        Mda(MdaPlanner plan) { this.plan = plan; }

        @Override
        public Request next(long now) {
            if (round.isEmpty()) round.addAll(plan.next(now));
            MdaPlanner.Probe p = round.poll();
            if (p == null) return null;
            return new Request(p.ttl(), p.flow(), Request.Purpose.MULTIPATH);  // below net.flows(): the plan knows them
        }

        @Override
        public long deadline(Event.Sent probe) { return probe.sentAt() + waitAt(probe.id().ttl()); }

        @Override
        public long wakeAt(long now) {
            long at = plan.wakeAt();
            return at > now ? at : Long.MAX_VALUE;
        }

        @Override
        public void on(Event event) {
            MdaPlanner.Probe p = new MdaPlanner.Probe(event.id().ttl(), event.id().flow());
            if (event instanceof Event.Sent) {
                sent++;  // what went on the wire, as the engine tells it
            } else if (event instanceof Event.Answered a) {
                slowest.merge(p.ttl(), a.rtt(), Math::max);
                plan.answered(p, new MdaPlanner.Answer(a.reply().from(), a.rtt(), a.reply().isFinal(), a.reply().annotation()),
                        event.sentAt() + a.rtt());
            } else if (event instanceof Event.Expired) {
                plan.expired(p, net.now());
            }
        }

        @Override
        public boolean done(long now) {
            if (round.isEmpty()) round.addAll(plan.next(now));  // the plan moves on once a round is resolved
            return plan.done() && round.isEmpty();
        }

        /** How long a probe at {@code ttl} waits: HERE × the slowest answer there, else NEAR × one nearer, else MAX. */
        private long waitAt(int ttl) {
            long max = (long) (options.waitMax() * 1e9);
            Long here = slowest.get(ttl);
            if (here != null) return Math.min(max, Math.max(WAIT_FLOOR, (long) (options.waitHere() * here)));
            long near = slowest.entrySet().stream().filter(e -> e.getKey() < ttl).mapToLong(Map.Entry::getValue).max().orElse(-1);
            if (near >= 0) return Math.min(max, Math.max(WAIT_FLOOR, (long) (options.waitNear() * near)));
            return max;
        }
    }
}
