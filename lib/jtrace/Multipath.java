package jtrace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.probe.Method;
import jtrace.render.MultipathText;
import jtrace.render.MultipathView;

/**
 * Every path to a host that multipath discovery found ({@code jtrace --mda}): each hop with every interface that
 * answered there, the links seen between consecutive hops, and the confidence that nothing is missing.
 * {@code toString()} is the text: one line per hop (traceroute's addresses and round trips, interface after
 * interface), then the links.
 *
 * @param target     the address traced
 * @param method     the probe method ("udp", "icmp")
 * @param rule       the stopping rule, hence the confidence
 * @param hops       one entry per TTL explored, in order
 * @param links      every link seen: interface at {@code ttl - 1} to interface at {@code ttl}
 * @param probes     probes sent in all
 * @param nanos      how long it took
 * @param end        why it stopped
 */
public record Multipath(InetAddress target, Method method, StoppingRule rule, List<Level> hops, List<Link> links,
                        int probes, long nanos, MdaPlanner.End end) implements MultipathView {
    public Multipath {
        hops = List.copyOf(hops);
        links = List.copyOf(links);
    }

    /**
     * One hop: every interface that answered there, and what it cost: {@code sent} probes on the wire with this TTL,
     * {@code phases} the same by why they were sent (a hop's first probe, the stopping rule, node control, a flow
     * sent again after a refill, a silent hop's last try).
     */
    public record Level(int ttl, List<Interface> interfaces, int sent, Map<MdaPlanner.Phase, Integer> phases)
            implements MultipathView.Level {
        public Level {
            interfaces = List.copyOf(interfaces);
            phases = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(phases.isEmpty() ? Map.of(MdaPlanner.Phase.RULE, sent) : phases));
        }

        public Level(int ttl, List<Interface> interfaces, int sent) { this(ttl, interfaces, sent, Map.of()); }

        public boolean silent() { return interfaces.isEmpty(); }

        public int answered() { return interfaces.stream().mapToInt(i -> i.rtts().size()).sum(); }
    }

    /** One interface at one hop: its round trips in ms, and traceroute's mark ("!H"…) if its answers ended the path. */
    public record Interface(InetAddress address, List<Double> rtts, String mark) implements MultipathView.Interface {
        public Interface {
            rtts = List.copyOf(rtts);
        }
    }

    /** A link from {@code from} (at hop {@code ttl − 1}) to {@code to} (at hop {@code ttl}), seen on some flow. */
    public record Link(int ttl, InetAddress from, InetAddress to) implements MultipathView.Link {}

    /** Built from a finished plan. */
    static Multipath of(InetAddress target, Method method, StoppingRule rule, MdaPlanner plan, int probes, long nanos) {
        List<Level> hops = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        Map<Integer, Map<Integer, MdaPlanner.Answer>> answers = plan.answers();
        for (Map.Entry<Integer, Set<Integer>> e : plan.sent().entrySet()) {
            int ttl = e.getKey();
            Map<InetAddress, List<Double>> rtts = new LinkedHashMap<>();
            Map<InetAddress, String> marks = new LinkedHashMap<>();
            Map<Integer, MdaPlanner.Answer> here = answers.getOrDefault(ttl, Map.of());
            for (MdaPlanner.Answer a : here.values()) {
                rtts.computeIfAbsent(a.from(), x -> new ArrayList<>()).add(a.rtt() / 1e6);
                if (!a.mark().isEmpty()) marks.put(a.from(), a.mark());
            }
            List<Interface> interfaces = new ArrayList<>();
            rtts.forEach((address, list) -> interfaces.add(new Interface(address, list, marks.getOrDefault(address, ""))));
            Map<MdaPlanner.Phase, Integer> phases = plan.spent().getOrDefault(ttl, Map.of());
            hops.add(new Level(ttl, interfaces, phases.values().stream().mapToInt(Integer::intValue).sum(), phases));
            Set<Link> seen = new LinkedHashSet<>();
            Map<Integer, MdaPlanner.Answer> before = answers.getOrDefault(ttl - 1, Map.of());
            here.forEach((flow, a) -> {
                MdaPlanner.Answer b = before.get(flow);
                if (b != null) seen.add(new Link(ttl, b.from(), a.from()));
            });
            // A hop of one interface is on every flow's path: it links to all of the next hop, seen together or not.
            Set<InetAddress> single = plan.interfaces(ttl - 1);
            if (plan.single(ttl - 1))
                here.values().forEach(a -> seen.add(new Link(ttl, single.iterator().next(), a.from())));
            // And every flow of the hop before leads to a hop of one interface: all of its interfaces link to it.
            Set<InetAddress> joined = plan.interfaces(ttl);
            if (plan.single(ttl))
                plan.interfaces(ttl - 1).forEach(b -> seen.add(new Link(ttl, b, joined.iterator().next())));
            links.addAll(seen);
        }
        return new Multipath(target, method, rule, hops, links, probes, nanos, plan.end());
    }

    public boolean reached() { return end == MdaPlanner.End.REACHED; }

    /** The hop with this TTL, or null. */
    public Level hop(int ttl) { return hops.stream().filter(h -> h.ttl() == ttl).findFirst().orElse(null); }

    /** The widest hop's interface count: 1 for a single path. */
    public int width() { return hops.stream().mapToInt(h -> h.interfaces().size()).max().orElse(0); }

    /** The first line: what was traced, how, how sure, at what cost. */
    public String header() { return MultipathText.header(this); }

    /** One line saying why it stopped, or "" when it reached the destination. */
    public String stopLine() { return MultipathText.stopLine(this); }

    /** The text, with {@code names} for addresses that have one. */
    public String text(Function<InetAddress, String> names) { return MultipathText.of(this, names); }

    public String text() { return text(a -> null); }

    /** The same as JSON: hops with their interfaces and round trips, the links, the confidence and the cost. */
    public String json() { return jtrace.render.MultipathJson.of(this); }

    /** Every path as a picture: each hop's interfaces side by side, the links between them. */
    public jtrace.render.Svg svg() { return jtrace.render.Svg.of(this); }

    @Override
    public String toString() { return text(); }
}
