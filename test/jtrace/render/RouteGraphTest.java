package jtrace.render;

import static jtrace.render.RenderTest.answered;
import static jtrace.render.RenderTest.ip;
import static jtrace.render.RenderTest.silent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jtrace.Hop;
import jtrace.Options;
import jtrace.Trace;
import jtrace.names.Origin;
import jtrace.render.RouteGraph.Kind;
import jtrace.render.RouteGraph.Link;
import jtrace.render.RouteGraph.Node;
import jtrace.result.Stop;
import org.junit.jupiter.api.Test;

/** The one graph model of routes (what --dot and the SVG picture draw): nodes, links, several targets. */
class RouteGraphTest {
    static final Origin AS1 = new Origin(List.of(64501L), "10.0.0.0/22", "ZZ", "lab");

    /**
     * Two targets from one source: both pass 10.0.0.1 (hop 1); a reaches its target through 10.0.1.1, b meets a silent
     * hop 2 and stops at the gap limit; c, a third, sees 10.0.1.1 one hop further out (hop 3) after its own silent hop.
     */
    static List<Trace> threeTargets() {
        var source = ip("10.0.0.9");
        Trace a = new Trace("a", ip("10.9.9.1"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.0.0.1", 11, 0, 64), answered(1, 10, 300, "10.0.0.1", 11, 0, 64))),
                new Hop(2, List.of(answered(2, 20, 200, "10.0.1.1", 11, 0, 63))),
                new Hop(3, List.of(answered(3, 30, 400, "10.9.9.1", 3, 3, 62)))), Stop.REACHED, List.of(),
                Map.of(ip("10.0.0.1"), "r1.lab"), source, Map.of(ip("10.0.0.1"), AS1, ip("10.0.1.1"), AS1), Map.of());
        Trace b = new Trace("b.example", ip("10.9.9.2"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 500, "10.0.0.1", 11, 0, 64))),
                new Hop(2, List.of(silent(2, 10)))), Stop.GAP_LIMIT, List.of(), Map.of(), source, Map.of(), Map.of());
        Trace c = new Trace("c", ip("10.9.9.3"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.0.0.1", 11, 0, 64))),
                new Hop(2, List.of(silent(2, 10))),
                new Hop(3, List.of(answered(3, 20, 100, "10.0.1.1", 11, 0, 62))),
                new Hop(4, List.of(answered(4, 30, 100, "10.9.9.3", 3, 3, 61)))), Stop.REACHED, List.of(), Map.of(), source, Map.of(), Map.of());
        return List.of(a, b, c);
    }

    @Test
    void everyAddressIsOneNodeWhicheverTraceSawItAndEachSilentHopIsItsTracesOwn() {
        RouteGraph g = RouteGraph.of(threeTargets());
        assertThat(g.routes()).containsExactly("a (10.9.9.1)", "b.example (10.9.9.2)", "c (10.9.9.3)");
        assertThat(g.nodes()).extracting(n -> n.ttl() + " " + n.kind() + " " + n.id()).containsExactly(
                "0 SOURCE 10.0.0.9",
                "1 INTERFACE 10.0.0.1",
                "2 INTERFACE 10.0.1.1",       // seen at hops 2 (a) and 3 (c): one node, at the lowest
                "2 SILENT * 2 to 10.9.9.2",
                "2 SILENT * 2 to 10.9.9.3",
                "3 INTERFACE 10.9.9.1",
                "3 UNREACHED 10.9.9.2",       // b's target, where its route would have led
                "4 INTERFACE 10.9.9.3");
        Node r1 = g.node("10.0.0.1");
        assertThat(r1.name()).isEqualTo("r1.lab");
        assertThat(r1.rtt()).isEqualTo((0.1 + 0.3 + 0.5 + 0.1) / 4);  // every answer it gave, in any trace
        assertThat(r1.origin()).isEqualTo(AS1);
        assertThat(r1.destination()).isFalse();
        assertThat(g.node("10.9.9.1").destination()).isTrue();
        assertThat(g.node("10.9.9.3").mark()).isEmpty();  // the destination's port unreachable is no mark
        Node unreached = g.node("10.9.9.2");
        assertThat(unreached.destination()).isTrue();
        assertThat(unreached.name()).isEqualTo("b.example");
        assertThat(unreached.hop()).isFalse();
        assertThat(g.ttls()).containsExactly(1, 2, 3, 4);  // the hops drawn: not the source's 0
    }

    @Test
    void linksAreTheObservedStepsOfEachTraceOnlyTheWayToAnUnreachedTargetIsNot() {
        RouteGraph g = RouteGraph.of(threeTargets());
        List<String> links = g.links().stream().map(l -> g.nodes().get(l.from()).id() + " -> " + g.nodes().get(l.to()).id()
                + " by " + l.route() + (l.observed() ? "" : " (not observed)")).toList();
        assertThat(links).containsExactlyInAnyOrder(
                "10.0.0.9 -> 10.0.0.1 by 0", "10.0.0.1 -> 10.0.1.1 by 0", "10.0.1.1 -> 10.9.9.1 by 0",
                "10.0.0.9 -> 10.0.0.1 by 1", "10.0.0.1 -> * 2 to 10.9.9.2 by 1", "* 2 to 10.9.9.2 -> 10.9.9.2 by 1 (not observed)",
                "10.0.0.9 -> 10.0.0.1 by 2", "10.0.0.1 -> * 2 to 10.9.9.3 by 2", "* 2 to 10.9.9.3 -> 10.0.1.1 by 2",
                "10.0.1.1 -> 10.9.9.3 by 2");
        assertThat(g.links()).doesNotHaveDuplicates();
    }

    @Test
    void aTargetOneTraceMissedButAnotherReachedIsAnInterface() {
        Trace missed = new Trace("x", ip("10.9.9.1"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.0.0.1", 11, 0, 64)))), Stop.MAX_TTL, List.of(), Map.of());
        RouteGraph g = RouteGraph.of(List.of(missed, threeTargets().get(0)));
        assertThat(g.node("10.9.9.1").kind()).isEqualTo(Kind.INTERFACE);
        assertThat(g.node("10.9.9.1").ttl()).isEqualTo(3);
        assertThat(g.links()).contains(new Link(g.nodes().indexOf(g.node("10.0.0.1")), g.nodes().indexOf(g.node("10.9.9.1")), 0, false));
    }

    @Test
    void dotAndTheSvgDrawTheSameModel() {
        List<Trace> traces = threeTargets();
        RouteGraph g = RouteGraph.of(traces);
        FormatsTest.Graph dot = FormatsTest.Graph.parse(Dot.of(traces));
        assertThat(dot.nodes().keySet()).containsExactlyInAnyOrderElementsOf(g.nodes().stream().map(Node::id).toList());
        assertThat(dot.edges()).containsExactlyInAnyOrderElementsOf(g.links().stream()
                .map(l -> g.nodes().get(l.from()).id() + " -> " + g.nodes().get(l.to()).id()).distinct().toList());
        assertThat(dot.clusters()).containsEntry("AS64501", List.of("10.0.0.1", "10.0.1.1"));
        assertThat(dot.nodes().get("10.9.9.2")).contains("style=dashed");
        // The picture draws the hops: a box per interface or silent hop, a line per link between them.
        String svg = Svg.of(traces).markup();
        assertThat(svg.split("<g class=\"hop", -1).length - 1).isEqualTo((int) g.nodes().stream().filter(Node::hop).count());
        long drawnLinks = g.links().stream().filter(l -> g.nodes().get(l.from()).hop() && g.nodes().get(l.to()).hop()).count();
        assertThat(svg.split("class=\"link\"", -1).length - 1).isEqualTo((int) drawnLinks);
    }

    @Test
    void aTraceOfThisHostKeepsItsSourceApartFromTheHopThatAnswers() {
        var self = ip("127.0.0.1");
        Trace t = new Trace("127.0.0.1", self, jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(
                new Hop(1, List.of(answered(1, 0, 100, "127.0.0.1", 3, 3, 64)))), Stop.REACHED, List.of(), Map.of(), self, Map.of(), Map.of());
        RouteGraph g = RouteGraph.of(t);
        assertThat(g.nodes()).extracting(n -> n.kind() + " " + n.id()).containsExactly("SOURCE source 127.0.0.1", "INTERFACE 127.0.0.1");
        assertThat(Svg.of(t).markup()).contains("<g class=\"hop destination\">");
    }
}
