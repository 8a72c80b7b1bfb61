package jtrace.render;

import static jtrace.render.RenderTest.answered;
import static jtrace.render.RenderTest.ip;
import static jtrace.render.RenderTest.silent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jtrace.Hop;
import jtrace.Options;
import jtrace.Trace;
import jtrace.names.Origin;
import jtrace.result.Stop;
import jtrace.support.AtlasSchema;
import jtrace.support.CsvReader;
import jtrace.support.JsonReader;
import org.junit.jupiter.api.Test;

/** Every output format of a hand-built trace, parsed back (JSON, CSV, DOT) rather than grepped. */
class FormatsTest {
    static final Origin AS1 = new Origin(List.of(64501L), "10.71.0.0/16", "ZZ", "other");

    /** RenderTest's trace, with its source, an origin for hop 1 and hop 1 taken from another target's trace. */
    static Trace annotated() {
        Trace t = RenderTest.udpTrace();
        return new Trace(t.host(), t.target(), t.method(), t.packetSize(), t.options(), t.hops(), t.stop(), t.findings(),
                Map.of(ip("10.71.1.2"), "r1, \"the first\""), ip("10.71.1.1"), Map.of(ip("10.71.1.2"), AS1),
                Map.of(1, ip("10.71.6.3")));
    }

    @Test
    void atlasJsonReadsCleanlyAsSaganReadsIt() {
        Map<String, Object> r = JsonReader.object(annotated().json().text());
        assertThat(AtlasSchema.problems(r)).isEmpty();
        assertThat(r).containsEntry("src_addr", "10.71.1.1").containsEntry("from", "10.71.1.1").containsEntry("af", 4L)
                .containsEntry("proto", "UDP").containsEntry("size", 60L).containsEntry("dst_addr", "10.71.6.2");
        List<?> hops = (List<?>) r.get("result");
        assertThat(hops).hasSize(3);
        Map<?, ?> hop1 = (Map<?, ?>) hops.get(0);
        assertThat(hop1.get("reused_from")).isEqualTo("10.71.6.3");
        assertThat(((Map<?, ?>) hops.get(1)).containsKey("reused_from")).isFalse();
        Map<?, ?> first = (Map<?, ?>) ((List<?>) hop1.get("result")).get(0);
        assertThat(first.get("from")).isEqualTo("10.71.1.2");
        assertThat(first.get("rtt")).isEqualTo(0.1);
        assertThat(first.get("ttl")).isEqualTo(64L);
    }

    @Test
    void atlasRepliesCarrySizeQuotedTtlAndLateRepliesAsRipeWritesThem() {
        long t0 = 1_700_000_000_000_000_000L;
        var target = ip("10.71.6.2");
        // Hop 1: quoted with TTL 1 (no ittl), 56 bytes after the ICMP header; its second probe was lost, and its reply
        // came 2 ms later, after two more probes had left. Hop 2: the destination, quoting TTL 3 (a probe sent past it).
        jtrace.probe.Reply r1 = new jtrace.probe.Reply(0, ip("10.71.1.2"), 11, 0, t0 + 100_000, 64, target, 0)
                .withQuote(new jtrace.packet.Quote(7, -1, -1, -1, -1, 1, 0, -1, 1)).withSize(56);
        jtrace.probe.Reply lateReply = new jtrace.probe.Reply(1, ip("10.71.1.2"), 11, 0, t0 + 2_500_000, 64, target, 0)
                .withQuote(new jtrace.packet.Quote(8, -1, -1, -1, -1, 1, 1, -1, 1)).withSize(56);
        jtrace.probe.Reply r2 = new jtrace.probe.Reply(2, target, 3, 3, t0 + 1_300_000, 62, target, 0)
                .withQuote(new jtrace.packet.Quote(9, -1, -1, -1, -1, 1, 2, -1, 3)).withSize(56);
        jtrace.probe.Reply r3 = new jtrace.probe.Reply(3, target, 3, 3, t0 + 1_400_000, 62, target, 0);  // size unknown
        Trace t = new Trace("d", target, jtrace.probe.Method.RAW, 60, Options.defaults(), List.of(
                new Hop(1, List.of(new jtrace.Probe(1, 0, t0, r1), new jtrace.Probe(1, 1, 1, t0 + 10_000, null, false, lateReply))),
                new Hop(2, List.of(new jtrace.Probe(2, 2, t0 + 1_000_000, r2), new jtrace.Probe(2, 3, t0 + 1_100_000, r3)))),
                Stop.REACHED, List.of(), Map.of(), ip("10.71.1.1"), Map.of(), Map.of());

        Map<String, Object> r = JsonReader.object(t.json().text());
        assertThat(AtlasSchema.problems(r)).isEmpty();
        List<?> hops = (List<?>) r.get("result");
        List<?> hop1 = (List<?>) ((Map<?, ?>) hops.get(0)).get("result");
        assertThat(hop1).hasSize(3);  // answered, the lost probe's *, then its late reply
        assertThat(entry(hop1, 0)).containsEntry("size", 56L).containsEntry("ttl", 64L).doesNotContainKey("ittl")
                .doesNotContainKey("late");
        assertThat((Map<?, ?>) hop1.get(1)).isEqualTo(Map.of("x", "*"));
        assertThat((Map<?, ?>) hop1.get(2)).isEqualTo(Map.of("late", 2L, "from", "10.71.1.2", "size", 56L, "ttl", 64L));
        List<?> hop2 = (List<?>) ((Map<?, ?>) hops.get(1)).get("result");
        assertThat(entry(hop2, 0)).containsEntry("ittl", 3L).containsEntry("size", 56L);
        assertThat(entry(hop2, 1)).doesNotContainKey("size").doesNotContainKey("ittl");
        // What sagan makes of hop 1: late entries are skipped, so it reads one answer and one timeout.
        assertThat(hop1.stream().filter(x -> !((Map<?, ?>) x).containsKey("late")).count()).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(List<?> list, int i) { return (Map<String, Object>) list.get(i); }

    @Test
    void atlasJsonLineIsTheSameResultOnOneLine() {
        String line = AtlasJson.line(annotated());
        assertThat(line).doesNotContain("\n");
        assertThat(JsonReader.parse(line)).isEqualTo(JsonReader.parse(annotated().json().text()));
    }

    @Test
    void atlasErrMarksAPortUnreachableFromARouterButNotFromTheDestination() {
        var target = ip("10.9.9.9");
        assertThat(AtlasJson.err(new jtrace.probe.Reply(0, ip("10.0.0.1"), 3, 3, 0, 64, target, 0), target)).isEqualTo("p");
        assertThat(AtlasJson.err(new jtrace.probe.Reply(0, target, 3, 3, 0, 64, target, 0), target)).isNull();
    }

    @Test
    void csvHasARowPerProbeThatReadsBack() {
        List<List<String>> rows = CsvReader.rows(Csv.of(annotated()));
        assertThat(rows.get(0)).containsExactly("target", "hop", "probe", "address", "name", "asn", "rtt_ms", "reply_ttl", "mark", "reused_from");
        assertThat(rows).hasSize(1 + 9);
        assertThat(rows.get(1)).containsExactly("10.71.6.2", "1", "1", "10.71.1.2", "r1, \"the first\"", "64501", "0.100", "64", "", "10.71.6.3");
        assertThat(rows.get(4)).containsExactly("10.71.6.2", "2", "1", "", "", "", "", "", "", "");
        assertThat(rows.get(7)).containsExactly("10.71.6.2", "3", "1", "10.71.6.2", "", "", "1.500", "62", "", "");
    }

    @Test
    void csvOfSeveralTracesHasOneHeader() {
        String csv = Csv.of(List.of(RenderTest.udpTrace(), annotated()));
        assertThat(CsvReader.rows(csv)).hasSize(1 + 9 + 9);
        assertThat(csv.lines().filter(l -> l.startsWith("target,")).count()).isEqualTo(1);
    }

    @Test
    void dotHasEveryAddressOnceAndEveryObservedLink() {
        Trace other = new Trace("b", ip("10.71.6.3"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.71.1.2", 11, 0, 64))),
                new Hop(2, List.of(answered(2, 0, 100, "10.71.6.3", 3, 3, 63)))), Stop.REACHED, List.of(), Map.of());
        Graph g = Graph.parse(Dot.of(List.of(annotated(), other)));
        assertThat(g.nodes).containsKeys("10.71.1.1", "10.71.1.2", "10.71.6.2", "10.71.6.3", "* 2 to 10.71.6.2");
        assertThat(g.nodes).hasSize(6);  // "source" for the trace with no known source
        assertThat(g.edges).contains("10.71.1.1 -> 10.71.1.2", "10.71.1.2 -> * 2 to 10.71.6.2", "* 2 to 10.71.6.2 -> 10.71.6.2",
                "10.71.1.2 -> 10.71.6.3", "source -> 10.71.1.2");
        assertThat(g.nodes.get("10.71.6.2")).contains("doubleoctagon");
        assertThat(g.clusters).containsEntry("AS64501", List.of("10.71.1.2"));
    }

    @Test
    void textShowsTheOriginAfterTheAddressAsTracerouteA() {
        assertThat(annotated().text().lines().skip(1).findFirst().orElseThrow())
                .startsWith(" 1  r1, \"the first\" (10.71.1.2) [AS64501]  0.100 ms");
        Trace numeric = annotated().withNames(Map.of());
        assertThat(numeric.text().lines().skip(1).findFirst().orElseThrow()).startsWith(" 1  10.71.1.2 [AS64501]  0.100 ms");
    }

    @Test
    void formatStreamsTargetsWhole() {
        Trace t = annotated();
        assertThat(Format.JSON.each(t, true)).endsWith("}\n").hasLineCount(1);
        assertThat(Format.TEXT.each(t, true)).isEqualTo(t.text() + "\n");
        assertThat(Format.CSV.start() + Format.CSV.each(t, true)).isEqualTo(Csv.of(t));
        assertThat(Format.DOT.each(t, true)).isEmpty();
        assertThat(Format.DOT.end(List.of(t))).isEqualTo(Dot.of(t));
    }

    /** Our DOT subset read back: quoted ids, attribute lists, edges, AS clusters. */
    record Graph(Map<String, String> nodes, List<String> edges, Map<String, List<String>> clusters) {
        static Graph parse(String dot) {
            var nodes = new java.util.LinkedHashMap<String, String>();
            var edges = new java.util.ArrayList<String>();
            var clusters = new java.util.LinkedHashMap<String, List<String>>();
            String cluster = null;
            assertThat(dot).startsWith("digraph jtrace {\n").endsWith("}\n");
            for (String line : dot.lines().toList()) {
                String l = line.strip();
                var edge = java.util.regex.Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\" -> \"((?:[^\"\\\\]|\\\\.)*)\"( \\[.*\\])?;$").matcher(l);
                var node = java.util.regex.Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\" \\[(.*)\\];$").matcher(l);
                if (l.startsWith("subgraph")) cluster = "";
                else if (cluster != null && l.startsWith("label=")) { cluster = l.substring(7, l.length() - 2); clusters.put(cluster, new java.util.ArrayList<>()); }
                else if (l.equals("}") && cluster != null) cluster = null;
                else if (edge.matches()) edges.add(edge.group(1) + " -> " + edge.group(2));
                else if (node.matches()) {
                    assertThat(nodes.put(node.group(1), node.group(2))).as("node %s twice", node.group(1)).isNull();
                    if (cluster != null) clusters.get(cluster).add(node.group(1));
                }
            }
            for (String e : edges) for (String end : e.split(" -> ")) assertThat(nodes).as("edge end of " + e).containsKey(end);
            return new Graph(nodes, edges, clusters.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
    }
}
