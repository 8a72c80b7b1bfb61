package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtrace.Hop;
import jtrace.Probe;
import jtrace.Trace;

/**
 * Routes as a graph to draw: hops by TTL, each with one or more interfaces (or a silent one), and the links
 * seen between consecutive hops. One trace is a chain; several traces to one place, or a multipath discovery
 * (hops with several interfaces each), share the same shape. {@link Svg} draws it.
 *
 * @param title  what the picture shows, one line
 * @param routes a label per route drawn (one per trace), in the order of their colours
 * @param nodes  every interface, by TTL then order of first appearance
 * @param links  the links between nodes, each tagged with the route that saw it
 */
public record RouteGraph(String title, List<String> routes, List<Node> nodes, List<Link> links) {
    public RouteGraph {
        routes = List.copyOf(routes);
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    /**
     * One interface at one hop.
     *
     * @param ttl         the hop
     * @param address     who answered, or null for a hop where nothing did
     * @param name        its name, or ""
     * @param rtt         mean round trip of its answers in ms, NaN for a silent hop
     * @param mark        traceroute's mark of its answers ("!H"…), or ""
     * @param destination whether it is the traced address
     */
    public record Node(int ttl, InetAddress address, String name, double rtt, String mark, boolean destination) {
        public boolean silent() { return address == null; }
    }

    /** A link seen from node {@code from} to node {@code to} (indices in {@link #nodes()}) by route {@code route}. */
    public record Link(int from, int to, int route) {}

    /** One trace as a chain of hops. */
    public static RouteGraph of(Trace trace) { return of(List.of(trace)); }

    /**
     * Several traces in one graph: the same address at the same TTL is one node, links are drawn per trace. A hop
     * that answered from several addresses (load balancing) gets a node each, linked to every node of the hops
     * around it.
     */
    public static RouteGraph of(List<Trace> traces) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no trace to draw: give at least one");
        Map<Key, Builder> nodes = new LinkedHashMap<>();
        List<Link> links = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        List<Key> order = new ArrayList<>();
        for (int t = 0; t < traces.size(); t++) {
            Trace trace = traces.get(t);
            routes.add(trace.host() + " (" + jtrace.packet.AddressText.of(trace.target()) + ")");
            List<Key> previous = List.of();
            for (Hop hop : trace.hops()) {
                List<Key> here = new ArrayList<>();
                List<InetAddress> addresses = hop.addresses();
                if (addresses.isEmpty()) here.add(new Key(hop.ttl(), null));
                for (InetAddress a : addresses) here.add(new Key(hop.ttl(), a));
                for (Key k : here) {
                    Builder b = nodes.computeIfAbsent(k, x -> { order.add(x); return new Builder(); });
                    for (Probe p : hop.probes())
                        if (p.answered() && p.from().equals(k.address())) b.add(p.rtt(), p.reply().annotation());
                    if (k.address() != null) {
                        b.destination |= k.address().equals(trace.target());
                        b.name = trace.names().getOrDefault(k.address(), b.name);
                    }
                }
                for (Key from : previous) for (Key to : here) links.add(new Link(order.indexOf(from), order.indexOf(to), t));
                previous = here;
            }
        }
        // Nodes by TTL (stable: first appearance within a TTL); links re-pointed at the new positions.
        List<Key> sorted = new ArrayList<>(order);
        sorted.sort(java.util.Comparator.comparingInt(Key::ttl));
        List<Node> out = new ArrayList<>();
        for (Key k : sorted) {
            Builder b = nodes.get(k);
            out.add(new Node(k.ttl(), k.address(), b.name, b.count == 0 ? Double.NaN : b.sum / b.count, b.mark, b.destination));
        }
        List<Link> relinked = links.stream().distinct()
                .map(l -> new Link(sorted.indexOf(order.get(l.from())), sorted.indexOf(order.get(l.to())), l.route())).toList();
        String title = traces.size() == 1 ? traces.get(0).header() : traces.size() + " traces";
        return new RouteGraph(title, routes, out, relinked);
    }

    /**
     * A multipath discovery: every interface found at each hop (a silent hop as one silent node), and the links the
     * flows showed between consecutive hops.
     */
    public static RouteGraph of(jtrace.Multipath m) {
        List<Node> out = new ArrayList<>();
        Map<Key, Integer> index = new LinkedHashMap<>();
        for (jtrace.Multipath.Level level : m.hops()) {
            if (level.silent()) {
                index.put(new Key(level.ttl(), null), out.size());
                out.add(new Node(level.ttl(), null, "", Double.NaN, "", false));
            }
            for (jtrace.Multipath.Interface i : level.interfaces()) {
                index.put(new Key(level.ttl(), i.address()), out.size());
                double rtt = i.rtts().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                out.add(new Node(level.ttl(), i.address(), "", rtt, i.mark(), i.address().equals(m.target())));
            }
        }
        List<Link> links = new ArrayList<>();
        for (jtrace.Multipath.Link l : m.links()) {
            Integer from = index.get(new Key(l.ttl() - 1, l.from())), to = index.get(new Key(l.ttl(), l.to()));
            if (from != null && to != null) links.add(new Link(from, to, 0));
        }
        String title = "multipath to " + jtrace.packet.AddressText.of(m.target()) + " (" + m.method() + "): "
                + m.hops().size() + " hops, up to " + m.width() + " interfaces at one hop";
        return new RouteGraph(title, List.of(jtrace.packet.AddressText.of(m.target())), out, links.stream().distinct().toList());
    }

    /** The hops drawn, lowest TTL first. */
    public List<Integer> ttls() { return nodes.stream().map(Node::ttl).distinct().sorted().toList(); }

    /** A node's identity: the same address at the same TTL is one node; a silent hop is one node per TTL. */
    private record Key(int ttl, InetAddress address) {}

    private static final class Builder {
        double sum;
        int count;
        String mark = "";
        String name = "";
        boolean destination;

        void add(double rtt, String annotation) {
            sum += rtt;
            count++;
            if (mark.isEmpty()) mark = annotation;
        }
    }
}
