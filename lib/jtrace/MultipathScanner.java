package jtrace;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jtrace.multipath.IcmpBudget;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.probe.FlowMethod;
import jtrace.probe.Reply;

/**
 * Finds every path to a host through load balancers (MDA, {@code jtrace --mda}): where {@link RouteScanner}
 * follows one flow, this one sends probes on many flows and keeps going at each hop until, at the stated
 * confidence, no interface is left unseen. The plan is {@link MdaPlanner}'s; this class only sends its rounds,
 * matches the answers and times out the rest.
 *
 * <pre>{@code
 * try (FlowMethod udp = Methods.openFlows(Method.UDP, target, Options.defaults())) {
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

    public MultipathScanner(FlowMethod method, Options options, StoppingRule rule) {
        this(method, options, rule, new IcmpBudget());
    }

    /** With a budget of the routers' answers shared with other scans (several targets, repeated runs). */
    public MultipathScanner(FlowMethod method, Options options, StoppingRule rule, IcmpBudget budget) {
        this.net = method;
        this.options = options.validate();
        this.rule = rule;
        this.budget = budget;
    }

    private record Sent(MdaPlanner.Probe probe, long at) {}

    public Multipath scan(InetAddress target) throws IOException {
        long start = net.now();
        MdaPlanner plan = new MdaPlanner(target, rule, budget, options.firstTtl(), options.maxTtl(), options.gap(), PROBE_CAP);
        Map<Integer, Sent> inFlight = new LinkedHashMap<>();
        Map<Integer, Long> slowest = new HashMap<>();  // ttl -> slowest answer so far: the wait at that hop
        int key = 0, probes = 0;
        while (!plan.done()) {
            for (MdaPlanner.Probe p : plan.next(net.now())) {
                int k = key++ & 0xffff;  // far fewer probes than keys in flight at once
                long at = net.send(p.ttl(), p.flow() % net.flows(), k);
                inFlight.put(k, new Sent(p, at));
                probes++;
            }
            if (plan.done()) break;
            long deadline = inFlight.isEmpty() ? plan.wakeAt()
                    : inFlight.values().stream().mapToLong(s -> s.at() + wait(s.probe().ttl(), slowest)).min().orElseThrow();
            Reply r = net.receive(deadline);
            if (r != null) {
                Sent s = inFlight.get(r.key());
                if (s == null || !target.equals(r.destination())) continue;  // late, duplicate or not ours
                inFlight.remove(r.key());
                long rtt = r.received() - s.at();
                slowest.merge(s.probe().ttl(), rtt, Math::max);
                plan.answered(s.probe(), new MdaPlanner.Answer(r.from(), rtt, r.isFinal(), r.annotation()), net.now());
            } else {
                long now = net.now();
                inFlight.values().removeIf(s -> {
                    boolean over = now >= s.at() + wait(s.probe().ttl(), slowest);
                    if (over) plan.expired(s.probe());
                    return over;
                });
            }
        }
        return Multipath.of(target, net.name(), rule, plan, probes, net.now() - start);
    }

    /** How long a probe at {@code ttl} waits: HERE × the slowest answer there, else NEAR × one nearer, else MAX. */
    private long wait(int ttl, Map<Integer, Long> slowest) {
        long max = (long) (options.waitMax() * 1e9);
        Long here = slowest.get(ttl);
        if (here != null) return Math.min(max, Math.max(WAIT_FLOOR, (long) (options.waitHere() * here)));
        long near = slowest.entrySet().stream().filter(e -> e.getKey() < ttl).mapToLong(Map.Entry::getValue).max().orElse(-1);
        if (near >= 0) return Math.min(max, Math.max(WAIT_FLOOR, (long) (options.waitNear() * near)));
        return max;
    }
}
