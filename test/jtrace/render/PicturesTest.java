package jtrace.render;

import static jtrace.render.RenderTest.answered;
import static jtrace.render.RenderTest.ip;
import static jtrace.render.RenderTest.silent;
import static jtrace.render.RenderTest.udpTrace;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import jtrace.Hop;
import jtrace.Jtrace;
import jtrace.Options;
import jtrace.Trace;
import jtrace.packet.Hexdump;
import jtrace.result.HopStats;
import jtrace.result.Stop;
import jtrace.watch.WatchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import jtrace.result.HopKind;

/**
 * The HTML tables and SVG pictures, parsed as XML (so every fragment is well-formed) and read back cell by cell
 * and shape by shape.
 */
class PicturesTest {

    static Document xml(String markup) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(markup.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(Document d, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, d);
    }

    static int count(Document d, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET)).getLength();
    }

    @Test
    void traceTableHasARowPerHopWithEachProbesTimeAndABarScaledToTheSlowest() throws Exception {
        Document d = xml(udpTrace().html());
        assertThat(text(d, "//div[1]/div[1]")).isEqualTo("traceroute to dest.chain.lab (10.71.6.2), 30 hops max, 60 byte packets");
        assertThat(count(d, "//tbody/tr")).isEqualTo(3);
        assertThat(text(d, "//tbody/tr[1]/td[1]")).isEqualTo("1");
        assertThat(text(d, "//tbody/tr[1]/td[2]")).isEqualTo("10.71.1.2");
        assertThat(text(d, "//tbody/tr[1]/td[3]")).isEqualTo("r1.chain.lab");
        assertThat(text(d, "//tbody/tr[1]/td[4]")).isEqualTo("0.1000.2000.300");
        // The slowest answer (1.5 ms at hop 3) gets the full 60 px, 0.1 ms a fifteenth of it.
        assertThat(text(d, "//tbody/tr[3]/td[4]/span[1]/span/@style")).contains("width:60px");
        assertThat(text(d, "//tbody/tr[1]/td[4]/span[1]/span/@style")).contains("width:4px");
        // The silent hop: grey, a * per probe, no address.
        assertThat(text(d, "//tbody/tr[2]/@class")).isEqualTo("silent");
        assertThat(text(d, "//tbody/tr[2]/td[2]")).isEqualTo("*");
        assertThat(count(d, "//tbody/tr[2]//span[@class='timeout']")).isEqualTo(3);
        // The lost probe at hop 3 is a * between the two answers.
        assertThat(text(d, "//tbody/tr[3]/td[4]")).isEqualTo("1.500*0.500");
    }

    @Test
    void traceTableShowsMarksEveryAddressTheStopLineAndNotesEscaped() throws Exception {
        Hop split = new Hop(4, List.of(answered(4, 0, 100, "10.0.0.1", 11, 0, 60), answered(4, 0, 300, "10.0.0.9", 3, 13, 60)));
        Trace t = new Trace("x", ip("10.9.9.9"), jtrace.probe.Method.ICMP, 60, Options.defaults(), List.of(split), Stop.UNREACHABLE,
                List.of(new jtrace.result.Finding.PartialAnswers(4, 2, 3)), Map.of(ip("10.0.0.9"), "<b>evil</b>"));
        Document d = xml(t.html());
        assertThat(text(d, "//tbody/tr[1]/td[2]")).isEqualTo("10.0.0.110.0.0.9");
        assertThat(count(d, "//tbody/tr[1]/td[2]/br")).isEqualTo(1);
        assertThat(text(d, "//tbody/tr[1]/td[3]")).isEqualTo("<b>evil</b>");  // a name is text, never markup
        assertThat(count(d, "//b")).isZero();
        assertThat(text(d, "//tbody/tr[1]/td[5]")).isEqualTo("!X");
        assertThat(d.getDocumentElement().getTextContent())
                .contains("stopped at hop 4: 10.0.0.9 answered destination unreachable !X");
        assertThat(text(d, "//ul[@class='jtrace-notes']/li")).isEqualTo("note: " + t.notes().get(0))
                .startsWith("note: hop 4 answered 2 of 3 probes");
    }

    @Test
    void decodedPacketIsATableWithTheBytesBesideEachField() throws Exception {
        Document d = xml(Html.of(Jtrace.decode(Jtrace.icmpEcho(0x1234, 1))));
        assertThat(text(d, "//tr[@class='layer'][1]")).isEqualTo("ICMP, echo request, id 4660, seq 1 (bytes 0-39)");
        String identifier = "//tr[@class='field'][td[3]='identifier']";
        assertThat(text(d, identifier + "/td[1]")).isEqualTo("4");
        assertThat(text(d, identifier + "/td[2]")).isEqualTo("12 34");
        assertThat(text(d, identifier + "/td[4]")).isEqualTo("4660");
        assertThat(text(d, "//tr[@class='field'][td[3]='checksum']/td[5]")).isEqualTo("correct");
        // The 32 data bytes in full, 8 to a line, kept as typed (white-space:pre).
        assertThat(text(d, "//tr[@class='field'][td[3]='data']/td[2]"))
                .isEqualTo("40 41 42 43 44 45 46 47\n48 49 4a 4b 4c 4d 4e 4f\n50 51 52 53 54 55 56 57\n58 59 5a 5b 5c 5d 5e 5f");
    }

    @Test
    void quotedLayersAreIndentedUnderTheirErrorAndProblemsShow() throws Exception {
        byte[] probe = Jtrace.concat(Jtrace.ipv4Header("10.71.1.1", "10.71.6.2", 1, Jtrace.IPPROTO_ICMP, 40), Jtrace.icmpEcho(7, 1));
        byte[] quote = java.util.Arrays.copyOf(probe, 28);
        byte[] icmp = new byte[8 + quote.length];
        icmp[0] = 11;  // time exceeded; checksum left 0, so the decoder says it is wrong
        System.arraycopy(quote, 0, icmp, 8, quote.length);
        byte[] reply = Jtrace.concat(Jtrace.ipv4Header("10.71.1.2", "10.71.1.1", 64, Jtrace.IPPROTO_ICMP, icmp.length), icmp);
        Document d = xml(Html.of(Jtrace.decode(reply)));
        List<String> layers = List.of(text(d, "//tr[@class='layer'][1]/td/b"), text(d, "//tr[@class='layer'][2]/td/b"),
                text(d, "//tr[@class='layer'][3]/td/b"), text(d, "//tr[@class='layer'][4]/td/b"));
        assertThat(layers).containsExactly("IPv4", "ICMP", "quoted IPv4", "quoted ICMP");
        // As in the text tree: the quoted packet's heading under the ICMP error's fields, its fields one step further in.
        assertThat(text(d, "//tr[@class='layer'][2]/td/@style")).endsWith("padding-left:8px");
        assertThat(text(d, "//tr[@class='layer'][3]/td/@style")).contains("padding-left:24px");
        assertThat(text(d, "//tr[@class='field'][td[1]='36']/td[3]/@style")).contains("padding-left:40px");
        assertThat(text(d, "//tr[@class='field'][td[3]='checksum']/td[5]")).isEqualTo("wrong: should be 0xea04");
    }

    @Test
    void hexdumpKeepsItsColumns() throws Exception {
        Hexdump dump = Jtrace.hexdump(Jtrace.udpProbe("10.71.1.1", "10.71.6.2", 1, 33434));
        Document d = xml(Html.of(dump));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("pre");
        assertThat(d.getDocumentElement().getTextContent()).isEqualTo(dump.text());
    }

    @Test
    void watchIsMtrsTableWithSilentRoutersAndFlaggedLoss() throws Exception {
        HopStats answered = HopStats.NONE.send().answer(1.0).send().answer(3.0);
        HopStats limited = HopStats.NONE.send().answer(2.0).send().lose();
        HopStats none = HopStats.NONE.send().lose().send().lose();
        WatchReport r = new WatchReport("dest", ip("10.71.6.2"), jtrace.probe.Method.UDP, 2, List.of(
                new WatchReport.Row(1, answered, List.of(ip("10.71.1.2")), "", HopKind.ANSWERS, false),
                new WatchReport.Row(2, none, List.of(), "", HopKind.SILENT_ROUTER, false),
                new WatchReport.Row(3, limited, List.of(ip("10.71.3.2")), "", HopKind.ANSWERS, true),
                new WatchReport.Row(4, answered, List.of(ip("10.71.6.2")), "!H", HopKind.ANSWERS, false)),
                Stop.UNREACHABLE, Map.of(ip("10.71.1.2"), "r1.chain.lab"));
        Document d = xml(r.html());
        assertThat(text(d, "//thead/tr")).isEqualTo("HostLoss%SntLastAvgBestWrstStDev");
        assertThat(text(d, "//tbody/tr[1]")).isEqualTo("1.r1.chain.lab (10.71.1.2)0.0%23.0002.0001.0003.0001.414");
        assertThat(text(d, "//tbody/tr[2]")).isEqualTo("2.(silent router)--2");
        assertThat(text(d, "//tbody/tr[3]/td[3]")).isEqualTo("50.0%");
        assertThat(text(d, "//tbody/tr[3]/td[3]/@style")).contains("background");
        assertThat(text(d, "//tbody/tr[1]/td[3]/@style")).doesNotContain("background");
        assertThat(text(d, "//tbody/tr[4]/td[2]")).isEqualTo("10.71.6.2 !H");
    }

    @Test
    void oneTraceIsAChainOfBoxesWithTheSilentHopDashedAndTheDestinationGreen() throws Exception {
        Document d = xml(udpTrace().svg().markup());
        assertThat(count(d, "//*[local-name()='g']")).isEqualTo(3);
        assertThat(count(d, "//*[local-name()='g'][@class='hop silent']/*[local-name()='rect'][@stroke-dasharray]")).isEqualTo(1);
        assertThat(text(d, "//*[local-name()='g'][@class='hop destination']")).contains("10.71.6.2").contains("1.000 ms");
        assertThat(text(d, "//*[local-name()='g'][1]")).contains("r1.chain.lab").contains("10.71.1.2").contains("0.200 ms");
        assertThat(count(d, "//*[local-name()='line'][@class='link']")).isEqualTo(2);
        // Hop by hop downwards: each box lower than the one before.
        double y1 = Double.parseDouble(text(d, "//*[local-name()='g'][1]/*[local-name()='rect']/@y"));
        double y2 = Double.parseDouble(text(d, "//*[local-name()='g'][2]/*[local-name()='rect']/@y"));
        double y3 = Double.parseDouble(text(d, "//*[local-name()='g'][3]/*[local-name()='rect']/@y"));
        assertThat(y1).isLessThan(y2);
        assertThat(y2).isLessThan(y3);
        assertThat(text(d, "//*[local-name()='title']")).isEqualTo(udpTrace().header());
    }

    @Test
    void severalTracesShareTheirCommonHopsAndColourTheirLinks() throws Exception {
        Trace a = trace("10.71.6.2", "10.0.0.1", "10.0.1.1", "10.71.6.2");
        Trace b = trace("10.71.6.2", "10.0.0.1", "10.0.2.1", "10.71.6.2");
        RouteGraph g = RouteGraph.of(List.of(a, b));
        assertThat(g.nodes()).extracting(n -> n.ttl() + " " + n.id())
                .containsExactly("0 source", "1 10.0.0.1", "2 10.0.1.1", "2 10.0.2.1", "3 10.71.6.2");
        assertThat(g.links()).containsExactlyInAnyOrder(new RouteGraph.Link(0, 1, 0), new RouteGraph.Link(1, 2, 0),
                new RouteGraph.Link(2, 4, 0), new RouteGraph.Link(0, 1, 1), new RouteGraph.Link(1, 3, 1), new RouteGraph.Link(3, 4, 1));
        assertThat(g.nodes().get(4).destination()).isTrue();
        Document d = xml(Jtrace.svg(a, b).markup());
        assertThat(count(d, "//*[local-name()='g']")).isEqualTo(4);
        NodeList links = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("//*[local-name()='line'][@class='link']/@stroke", d, XPathConstants.NODESET);
        assertThat(links.getLength()).isEqualTo(4);
        assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(i -> links.item(i).getNodeValue()).distinct()).hasSize(2);
        // Two boxes side by side at hop 2.
        assertThat(text(d, "//*[local-name()='g'][2]/*[local-name()='rect']/@y"))
                .isEqualTo(text(d, "//*[local-name()='g'][3]/*[local-name()='rect']/@y"));
        assertThat(d.getDocumentElement().getTextContent()).contains("10.71.6.2 (10.71.6.2)");  // the legend
    }

    @Test
    void aHopWithSeveralInterfacesLinksToEveryNeighbour() {
        Hop one = new Hop(1, List.of(answered(1, 0, 100, "10.0.0.1", 11, 0, 64)));
        Hop two = new Hop(2, List.of(answered(2, 0, 100, "10.0.1.1", 11, 0, 64), answered(2, 0, 100, "10.0.2.1", 11, 0, 64)));
        Hop three = new Hop(3, List.of(silent(3, 0)));
        Trace t = new Trace("x", ip("10.9.9.9"), jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(one, two, three), Stop.GAP_LIMIT,
                List.of(), Map.of());
        RouteGraph g = RouteGraph.of(t);
        // The source, hop 1, hop 2's two interfaces, the silent hop 3, and the target the trace never reached.
        assertThat(g.nodes()).extracting(RouteGraph.Node::kind).containsExactly(RouteGraph.Kind.SOURCE, RouteGraph.Kind.INTERFACE,
                RouteGraph.Kind.INTERFACE, RouteGraph.Kind.INTERFACE, RouteGraph.Kind.SILENT, RouteGraph.Kind.UNREACHED);
        assertThat(g.links()).containsExactlyInAnyOrder(new RouteGraph.Link(0, 1, 0), new RouteGraph.Link(1, 2, 0),
                new RouteGraph.Link(1, 3, 0), new RouteGraph.Link(2, 4, 0), new RouteGraph.Link(3, 4, 0),
                new RouteGraph.Link(4, 5, 0, false));
    }

    @Test
    void aMultipathDiscoveryDrawsEachHopsInterfacesAndItsLinks() throws Exception {
        jtrace.Multipath m = new jtrace.Multipath(ip("10.9.9.9"), jtrace.probe.Method.UDP, jtrace.multipath.StoppingRule.DEFAULT, List.of(
                new jtrace.Multipath.Level(1, List.of(new jtrace.Multipath.Interface(ip("10.0.0.1"), List.of(1.0, 3.0), "")), 6),
                new jtrace.Multipath.Level(2, List.of(new jtrace.Multipath.Interface(ip("10.0.1.1"), List.of(2.0), ""),
                        new jtrace.Multipath.Interface(ip("10.0.2.1"), List.of(2.0), "")), 6),
                new jtrace.Multipath.Level(3, List.of(), 6),
                new jtrace.Multipath.Level(4, List.of(new jtrace.Multipath.Interface(ip("10.9.9.9"), List.of(4.0), "")), 6)),
                List.of(new jtrace.Multipath.Link(2, ip("10.0.0.1"), ip("10.0.1.1")), new jtrace.Multipath.Link(2, ip("10.0.0.1"), ip("10.0.2.1"))),
                24, 1_000_000, jtrace.multipath.MdaPlanner.End.REACHED);
        RouteGraph g = RouteGraph.of(m);
        assertThat(g.nodes()).extracting(n -> n.ttl() + " " + (n.silent() ? "*" : n.address().getHostAddress()))
                .containsExactly("1 10.0.0.1", "2 10.0.1.1", "2 10.0.2.1", "3 *", "4 10.9.9.9");
        assertThat(g.nodes().get(0).rtt()).isEqualTo(2.0);
        assertThat(g.nodes().get(4).destination()).isTrue();
        assertThat(g.links()).containsExactly(new RouteGraph.Link(0, 1, 0), new RouteGraph.Link(0, 2, 0));
        Document d = xml(m.svg().markup());
        assertThat(count(d, "//*[local-name()='g']")).isEqualTo(5);
        assertThat(count(d, "//*[local-name()='g'][@class='hop silent']")).isEqualTo(1);
        assertThat(count(d, "//*[local-name()='line'][@class='link']")).isEqualTo(2);
        assertThat(text(d, "//*[local-name()='title']")).isEqualTo("multipath to 10.9.9.9 (udp): 4 hops, up to 2 interfaces at one hop");
        // The two interfaces of hop 2 side by side.
        assertThat(text(d, "//*[local-name()='g'][2]/*[local-name()='rect']/@y"))
                .isEqualTo(text(d, "//*[local-name()='g'][3]/*[local-name()='rect']/@y"));
    }

    @Test
    void savesTheSvgToAFile(@TempDir Path dir) throws Exception {
        Path file = udpTrace().svg().save(dir.resolve("route.svg"));
        assertThat(Files.readString(file)).isEqualTo(udpTrace().svg().toString()).startsWith("<svg ");
    }

    /** A trace whose hop i+1 answered from addresses[i], three probes each. */
    private static Trace trace(String target, String... addresses) {
        List<Hop> hops = new java.util.ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            int ttl = i + 1;
            boolean last = i == addresses.length - 1;
            hops.add(new Hop(ttl, List.of(answered(ttl, 0, 100L * ttl, addresses[i], last ? 3 : 11, last ? 3 : 0, 64))));
        }
        return new Trace(target, ip(target), jtrace.probe.Method.UDP, 60, Options.defaults(), hops, Stop.REACHED, List.of(), Map.of());
    }
}
