package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtrace.Hop;
import jtrace.names.Origin;
import jtrace.Trace;

/**
 * Traces as one Graphviz graph, as scapy's {@code traceroute().graph()} draws them: every address that answered
 * is a node (once, however many traces passed it), every link observed between consecutive hops is an edge, a
 * silent hop is a dashed {@code *} node of its own trace, targets are drawn double, and with AS origins (-A) the
 * routers of one AS are boxed together. {@code dot -Tsvg} draws it.
 */
public final class Dot {
    private Dot() {}

    public static String of(Trace trace) { return of(List.of(trace)); }

    public static String of(List<Trace> traces) {
        Map<String, String> nodes = new LinkedHashMap<>();     // id -> attributes
        Map<String, List<String>> byAs = new LinkedHashMap<>(); // AS label -> node ids
        Set<String> edges = new LinkedHashSet<>();
        for (Trace t : traces) {
            String target = text(t.target());
            InetAddress src = t.source() != null ? t.source() : t.options().source();
            String origin = src == null ? "source" : text(src);
            nodes.putIfAbsent(origin, "label=" + q(origin) + ", shape=ellipse");
            List<String> previous = List.of(origin);
            for (Hop hop : t.hops()) {
                List<String> here = new ArrayList<>();
                if (hop.silent()) {
                    String id = "* " + hop.ttl() + " to " + target;
                    nodes.putIfAbsent(id, "label=\"*\", style=dashed");
                    here.add(id);
                }
                for (InetAddress a : hop.addresses()) {
                    String id = text(a);
                    String name = t.names().get(a);
                    String label = name == null ? id : name + "\n" + id;
                    nodes.putIfAbsent(id, "label=" + q(label) + (a.equals(t.target()) ? ", shape=doubleoctagon" : ""));
                    Origin as = t.origins().get(a);
                    if (as != null) {
                        List<String> members = byAs.computeIfAbsent(as.label(), k -> new ArrayList<>());
                        if (!members.contains(id)) members.add(id);
                    }
                    here.add(id);
                }
                for (String from : previous) for (String to : here) edges.add(q(from) + " -> " + q(to));
                previous = here;
            }
            if (!t.reached()) {
                nodes.putIfAbsent(target, "label=" + q(t.host().equals(target) ? target : t.host() + "\n" + target)
                        + ", shape=doubleoctagon, style=dashed");
                for (String from : previous) edges.add(q(from) + " -> " + q(target) + " [style=dotted]");
            }
        }
        StringBuilder out = new StringBuilder("digraph jtrace {\n  node [shape=box, fontname=\"monospace\"];\n");
        Set<String> clustered = new LinkedHashSet<>();
        int cluster = 0;
        for (Map.Entry<String, List<String>> as : byAs.entrySet()) {
            out.append("  subgraph cluster_").append(cluster++).append(" {\n    label=").append(q(as.getKey())).append(";\n");
            for (String id : as.getValue()) {
                if (clustered.add(id)) out.append("    ").append(q(id)).append(" [").append(nodes.get(id)).append("];\n");
            }
            out.append("  }\n");
        }
        for (Map.Entry<String, String> n : nodes.entrySet())
            if (!clustered.contains(n.getKey())) out.append("  ").append(q(n.getKey())).append(" [").append(n.getValue()).append("];\n");
        for (String e : edges) out.append("  ").append(e).append(";\n");
        return out.append("}\n").toString();
    }

    private static String text(InetAddress a) { return jtrace.packet.AddressText.of(a); }

    /** A DOT quoted id: backslashes and quotes escaped, a line break as DOT's \n. */
    static String q(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
