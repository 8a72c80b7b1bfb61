package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtrace.names.Origin;

/**
 * Routes as one graph, the model both pictures draw ({@link Dot} for Graphviz, {@link Svg} by hand): the source, every
 * interface that answered — once, however many traces passed it — every silent hop, and the links observed between
 * consecutive hops, each tagged with the trace that saw it. Several traces (several targets) share their common
 * interfaces; a multipath discovery is the same shape with several interfaces per hop. A target that never answered
 * is a node of its own, reached by links that were not observed.
 *
 * @param title  what the picture shows, one line
 * @param routes a label per route drawn (one per trace), in the order of their colours
 * @param nodes  every node, by TTL (the source first, at 0), then in order of first appearance
 * @param links  the links between nodes, each once per route
 */
public record RouteGraph(String title, List<String> routes, List<Node> nodes, List<Link> links) {
    public RouteGraph {
        routes = List.copyOf(routes);
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    /** What a node stands for. */
    public enum Kind {
        /** Where the probes left from (its address, when known). */
        SOURCE,
        /** An address that answered. */
        INTERFACE,
        /** A hop of one trace where nothing answered: one node per trace and TTL (the routers there may differ). */
        SILENT,
        /** A target that never answered: where the trace would have led. */
        UNREACHED
    }

    /**
     * One node.
     *
     * @param id          its identity in the graph: the address as text, "source", or "* TTL to TARGET" for a silent hop
     * @param kind        what it stands for
     * @param ttl         the hop: the lowest TTL it answered at (0 for the source, one past the last hop for an
     *                    unreached target)
     * @param address     who answered (the source's or the target's address), or null
     * @param name        its name, or ""
     * @param rtt         mean round trip of its answers in ms, NaN when none
     * @param mark        traceroute's mark of its answers ("!H"…), or ""
     * @param destination whether it is a traced address
     * @param origin      its origin AS (-A), or null
     */
    public record Node(String id, Kind kind, int ttl, InetAddress address, String name, double rtt, String mark,
                       boolean destination, Origin origin) {
        public boolean silent() { return kind == Kind.SILENT; }

        /** A node of the route itself, an interface or a silent hop (not the source, not an unreached target). */
        public boolean hop() { return kind == Kind.INTERFACE || kind == Kind.SILENT; }
    }

    /**
     * A link from node {@code from} to node {@code to} (indices in {@link #nodes()}), seen by route {@code route};
     * {@code observed} false for the link to a target that never answered.
     */
    public record Link(int from, int to, int route, boolean observed) {
        /** An observed link. */
        public Link(int from, int to, int route) { this(from, to, route, true); }
    }

    /** One trace as a chain of hops. */
    public static RouteGraph of(TraceView trace) { return of(List.of(trace)); }

    /**
     * Several traces in one graph: an address is one node whichever trace (and TTL) saw it, links are kept per trace.
     * A hop that answered from several addresses (load balancing) gets a node each, linked to every node of the hops
     * around it.
     */
    public static RouteGraph of(List<? extends TraceView> traces) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no trace to draw: give at least one");
        Map<String, Builder> nodes = new LinkedHashMap<>();
        Set<Link> links = new LinkedHashSet<>();
        List<String> routes = new ArrayList<>();
        Set<InetAddress> answering = new java.util.HashSet<>();
        traces.forEach(t -> answering.addAll(t.addresses()));
        for (int r = 0; r < traces.size(); r++) {
            TraceView trace = traces.get(r);
            String target = text(trace.target());
            routes.add(trace.host() + " (" + target + ")");
            InetAddress src = trace.source() != null ? trace.source() : trace.options().source();
            // The source's own address, unless it also answers (a trace of this host): then the source is a node apart.
            String sourceId = src == null ? "source" : answering.contains(src) ? "source " + text(src) : text(src);
            Builder source = node(nodes, sourceId, Kind.SOURCE, 0, src);
            List<Builder> previous = List.of(source);
            for (HopView hop : trace.hops()) {
                List<Builder> here = new ArrayList<>();
                if (hop.silent()) here.add(node(nodes, "* " + hop.ttl() + " to " + target, Kind.SILENT, hop.ttl(), null));
                for (InetAddress a : hop.addresses()) {
                    Builder b = node(nodes, text(a), Kind.INTERFACE, hop.ttl(), a);
                    for (ProbeView p : hop.probes()) if (p.answered() && a.equals(p.from())) b.add(p.rtt(), p.reply().annotation());
                    b.destination |= a.equals(trace.target());
                    if (b.name.isEmpty()) b.name = trace.names().getOrDefault(a, "");
                    if (b.origin == null) b.origin = trace.origins().get(a);
                    here.add(b);
                }
                for (Builder from : previous) for (Builder to : here) links.add(new Link(from.order, to.order, r));
                previous = here;
            }
            if (!trace.reached()) {
                int next = trace.hops().isEmpty() ? 1 : trace.last().ttl() + 1;
                Builder end = node(nodes, target, Kind.UNREACHED, next, trace.target());
                end.destination = true;
                if (end.name.isEmpty() && !trace.host().equals(target)) end.name = trace.host();
                for (Builder from : previous) if (from != end) links.add(new Link(from.order, end.order, r, false));
            }
        }
        String title = traces.size() == 1 ? TraceText.header(traces.get(0)) : traces.size() + " traces";
        return sorted(title, routes, new ArrayList<>(nodes.values()), links);
    }

    /**
     * A multipath discovery: every interface found at each hop (a silent hop as one silent node), and the links the
     * flows showed between consecutive hops; no source node (the discovery does not say it).
     */
    public static RouteGraph of(MultipathView m) {
        Map<String, Builder> nodes = new LinkedHashMap<>();
        for (MultipathView.Level level : m.hops()) {
            if (level.silent()) node(nodes, "* " + level.ttl(), Kind.SILENT, level.ttl(), null);
            for (MultipathView.Interface i : level.interfaces()) {
                Builder b = node(nodes, text(i.address()), Kind.INTERFACE, level.ttl(), i.address());
                i.rtts().forEach(rtt -> b.add(rtt, ""));
                b.mark = i.mark();
                b.destination = i.address().equals(m.target());
            }
        }
        Set<Link> links = new LinkedHashSet<>();
        for (MultipathView.Link l : m.links()) {
            Builder from = nodes.get(text(l.from())), to = nodes.get(text(l.to()));
            if (from != null && to != null) links.add(new Link(from.order, to.order, 0));
        }
        String title = "multipath to " + text(m.target()) + " (" + m.method() + "): "
                + m.hops().size() + " hops, up to " + m.width() + " interfaces at one hop";
        return sorted(title, List.of(text(m.target())), new ArrayList<>(nodes.values()), links);
    }

    /** The TTLs of the route's hops (interfaces and silent hops), lowest first. */
    public List<Integer> ttls() { return nodes.stream().filter(Node::hop).map(Node::ttl).distinct().sorted().toList(); }

    /** The node with this id, or null. */
    public Node node(String id) { return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null); }

    /** The node of {@code id}, created on first sight; an interface keeps the lowest TTL it was seen at. */
    private static Builder node(Map<String, Builder> nodes, String id, Kind kind, int ttl, InetAddress address) {
        Builder b = nodes.computeIfAbsent(id, k -> new Builder(id, kind, ttl, address, nodes.size()));
        if (b.kind == Kind.UNREACHED && kind == Kind.INTERFACE) {  // another trace reached it: where it answered
            b.kind = Kind.INTERFACE;
            b.ttl = ttl;
        } else if (kind == b.kind) {
            b.ttl = Math.min(b.ttl, ttl);
        }
        return b;
    }

    /** Nodes by TTL (stable: first appearance within a TTL), the links re-pointed at their new positions. */
    private static RouteGraph sorted(String title, List<String> routes, List<Builder> built, Set<Link> links) {
        List<Builder> order = new ArrayList<>(built);
        order.sort(Comparator.comparingInt((Builder b) -> b.ttl));
        int[] position = new int[built.size()];
        for (int i = 0; i < order.size(); i++) position[order.get(i).order] = i;
        List<Node> nodes = order.stream().map(Builder::node).toList();
        List<Link> relinked = links.stream().map(l -> new Link(position[l.from()], position[l.to()], l.route(), l.observed())).toList();
        return new RouteGraph(title, routes, nodes, relinked);
    }

    private static String text(InetAddress a) { return jtrace.packet.AddressText.of(a); }

    private static final class Builder {
        final String id;
        final InetAddress address;
        final int order;
        Kind kind;
        int ttl;
        double sum;
        int count;
        String mark = "";
        String name = "";
        boolean destination;
        Origin origin;

        Builder(String id, Kind kind, int ttl, InetAddress address, int order) {
            this.id = id;
            this.kind = kind;
            this.ttl = ttl;
            this.address = address;
            this.order = order;
        }

        void add(double rtt, String annotation) {
            sum += rtt;
            count++;
            if (mark.isEmpty()) mark = annotation;
        }

        Node node() {
            return new Node(id, kind, ttl, address, name, count == 0 ? Double.NaN : sum / count, mark, destination, origin);
        }
    }
}
