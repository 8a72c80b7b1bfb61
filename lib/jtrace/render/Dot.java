package jtrace.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtrace.render.RouteGraph.Link;
import jtrace.render.RouteGraph.Node;

/**
 * Traces as one Graphviz graph, as scapy's {@code traceroute().graph()} draws them, from the {@link RouteGraph} model
 * the SVG picture draws too: every address that answered is a node (once, however many traces passed it), every link
 * observed between consecutive hops is an edge, a silent hop is a dashed {@code *} node of its own trace, targets are
 * drawn double (dashed, with dotted links, when they never answered), and with AS origins (-A) the routers of one AS
 * are boxed together. {@code dot -Tsvg} draws it.
 */
public final class Dot {
    private Dot() {}

    public static String of(TraceView trace) { return of(RouteGraph.of(trace)); }

    public static String of(List<? extends TraceView> traces) { return of(RouteGraph.of(traces)); }

    /** Any route graph (several traces, a multipath discovery) in DOT. */
    public static String of(RouteGraph graph) {
        Map<String, List<Node>> byAs = new LinkedHashMap<>();  // AS label -> its nodes
        for (Node n : graph.nodes()) if (n.origin() != null) byAs.computeIfAbsent(n.origin().label(), k -> new ArrayList<>()).add(n);
        StringBuilder out = new StringBuilder("digraph jtrace {\n  node [shape=box, fontname=\"monospace\"];\n");
        Set<String> clustered = new LinkedHashSet<>();
        int cluster = 0;
        for (Map.Entry<String, List<Node>> as : byAs.entrySet()) {
            out.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(q(as.getKey())).append(";\n");
            for (Node n : as.getValue()) {
                clustered.add(n.id());
                out.append("    ").append(q(n.id())).append(" [").append(attributes(n)).append("];\n");
            }
            out.append("  }\n");
        }
        for (Node n : graph.nodes()) if (!clustered.contains(n.id())) out.append("  ").append(q(n.id())).append(" [").append(attributes(n)).append("];\n");
        Set<String> edges = new LinkedHashSet<>();  // one edge per pair, whichever traces saw it
        for (Link l : graph.links())
            edges.add(q(graph.nodes().get(l.from()).id()) + " -> " + q(graph.nodes().get(l.to()).id()) + (l.observed() ? "" : " [style=dotted]"));
        for (String e : edges) out.append("  ").append(e).append(";\n");
        return out.append("}\n").toString();
    }

    private static String attributes(Node n) {
        String label = n.name().isEmpty() ? n.id() : n.name() + "\n" + n.id();
        return switch (n.kind()) {
            case SOURCE -> "label=" + q(n.id()) + ", shape=ellipse";
            case SILENT -> "label=\"*\", style=dashed";
            case INTERFACE -> "label=" + q(label) + (n.destination() ? ", shape=doubleoctagon" : "");
            case UNREACHED -> "label=" + q(label) + ", shape=doubleoctagon, style=dashed";
        };
    }

    /** A DOT quoted id: backslashes and quotes escaped, a line break as DOT's \n. */
    static String q(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
