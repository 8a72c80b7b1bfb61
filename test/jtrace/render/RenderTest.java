package jtrace.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.probe.Reply;
import jtrace.result.Stop;
import org.junit.jupiter.api.Test;

/** Table, Atlas JSON and comparison of hand-built traces, checked character for character. */
class RenderTest {
    /** 2024-01-01T00:00:00Z in nanoseconds: probe times are CLOCK_REALTIME. */
    static final long T0 = 1_704_067_200_000_000_000L;

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A probe sent at T0 + offset µs and answered after rtt µs by {@code from} with this ICMP type/code. */
    static Probe answered(int ttl, long offsetMicros, long rttMicros, String from, int type, int code, int replyTtl) {
        long sent = T0 + offsetMicros * 1000;
        return new Probe(ttl, 0, sent, new Reply(0, ip(from), type, code, sent + rttMicros * 1000, replyTtl, ip("10.71.6.2"), 0));
    }

    static Probe silent(int ttl, long offsetMicros) { return new Probe(ttl, 0, T0 + offsetMicros * 1000, null); }

    /** hop 1 answers 3 times, hop 2 is silent, hop 3 (the destination) answers twice, one probe lost. */
    static Trace udpTrace() {
        List<Hop> hops = List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.71.1.2", 11, 0, 64), answered(1, 10, 200, "10.71.1.2", 11, 0, 64),
                        answered(1, 20, 300, "10.71.1.2", 11, 0, 64))),
                new Hop(2, List.of(silent(2, 30), silent(2, 40), silent(2, 50))),
                new Hop(3, List.of(answered(3, 60, 1500, "10.71.6.2", 3, 3, 62), silent(3, 70),
                        answered(3, 2_000_000, 500, "10.71.6.2", 3, 3, 62))));
        return new Trace("dest.chain.lab", ip("10.71.6.2"), jtrace.probe.Method.UDP, 60, Options.defaults(), hops, Stop.REACHED, List.of(),
                Map.of(ip("10.71.1.2"), "r1.chain.lab"));
    }

    @Test
    void tableHasOneRowPerHopWithLossAndRtts() {
        assertThat(udpTrace().table().text()).isEqualTo("""
                Hop  Address    Name          Snt  Rcv   Loss%   Best    Avg  Worst  Mark
                  1  10.71.1.2  r1.chain.lab    3    3    0.0%  0.100  0.200  0.300
                  2  *                          3    0  100.0%
                  3  10.71.6.2                  3    2   33.3%  0.500  1.000  1.500
                """);
    }

    @Test
    void tableShowsEveryAddressOfAHopAndTheUnreachableMark() {
        Hop split = new Hop(4, List.of(answered(4, 0, 100, "10.0.0.1", 11, 0, 60), answered(4, 0, 300, "10.0.0.9", 3, 13, 60)));
        Trace t = new Trace("x", ip("10.9.9.9"), jtrace.probe.Method.ICMP, 60, Options.defaults(), List.of(split), Stop.UNREACHABLE, List.of(), Map.of());
        assertThat(t.table().text()).isEqualTo("""
                Hop  Address   Name  Snt  Rcv  Loss%   Best    Avg  Worst  Mark
                  4  10.0.0.1          2    1   0.0%  0.100  0.100  0.100
                     10.0.0.9               1         0.300  0.300  0.300  !X
                """);
    }

    /** Atlas' paris_id: 0 for classic probes, flow + 1 for a Paris flow (Atlas counts them from 1). */
    @Test
    void parisIdSaysWhichFlow() {
        Trace t = udpTrace();
        assertThat(t.json().text()).contains("\"paris_id\": 1,");
        Trace classic = new Trace(t.host(), t.target(), t.method(), t.packetSize(), t.options().classic(), t.hops(), t.stop(), t.findings(), t.names());
        assertThat(classic.json().text()).contains("\"paris_id\": 0,");
        Trace seven = new Trace(t.host(), t.target(), t.method(), t.packetSize(), t.options().flow(7), t.hops(), t.stop(), t.findings(), t.names());
        assertThat(seven.json().text()).contains("\"paris_id\": 8,");
    }

    @Test
    void jsonIsARipeAtlasTracerouteResult() {
        // Hand-checked against https://atlas.ripe.net/docs/apis/result-format/ (traceroute, fw >= 4570):
        // timeouts are {"x": "*"}; a port unreachable (the destination of a UDP trace) carries no err.
        assertThat(udpTrace().json().text()).isEqualTo("""
                {
                  "fw": 5080,
                  "type": "traceroute",
                  "af": 4,
                  "dst_name": "dest.chain.lab",
                  "dst_addr": "10.71.6.2",
                  "proto": "UDP",
                  "size": 60,
                  "paris_id": 1,
                  "msm_id": 0,
                  "prb_id": 0,
                  "timestamp": 1704067200,
                  "endtime": 1704067202,
                  "result": [
                    {"hop": 1, "result": [{"from": "10.71.1.2", "rtt": 0.100, "ttl": 64}, {"from": "10.71.1.2", "rtt": 0.200, "ttl": 64}, {"from": "10.71.1.2", "rtt": 0.300, "ttl": 64}]},
                    {"hop": 2, "result": [{"x": "*"}, {"x": "*"}, {"x": "*"}]},
                    {"hop": 3, "result": [{"from": "10.71.6.2", "rtt": 1.500, "ttl": 62}, {"x": "*"}, {"from": "10.71.6.2", "rtt": 0.500, "ttl": 62}]}
                  ]
                }
                """);
    }

    @Test
    void jsonMarksUnreachablesTheAtlasWay() {
        assertThat(AtlasJson.err(reply(3, 0), ip("10.9.9.9"))).isEqualTo("N");
        assertThat(AtlasJson.err(reply(3, 1), ip("10.9.9.9"))).isEqualTo("H");
        assertThat(AtlasJson.err(reply(3, 2), ip("10.9.9.9"))).isEqualTo("P");
        assertThat(AtlasJson.err(reply(3, 3), ip("10.0.0.1"))).isNull();          // port unreachable: the destination answered
        assertThat(AtlasJson.err(reply(3, 13), ip("10.9.9.9"))).isEqualTo("A");
        assertThat(AtlasJson.err(reply(3, 5), ip("10.9.9.9"))).isEqualTo(5);      // source route failed: the code
        assertThat(AtlasJson.err(reply(11, 0), ip("10.9.9.9"))).isNull();
        assertThat(AtlasJson.err(reply(0, 0), ip("10.9.9.9"))).isNull();
    }

    @Test
    void jsonEscapesNamesAndSourceAndIcmpProtocol() {
        Trace t = new Trace("we\"ird\\name", ip("10.9.9.9"), jtrace.probe.Method.RAW, 60, Options.defaults().source(ip("10.71.1.1")),
                List.of(), Stop.MAX_TTL, List.of(), Map.of());
        assertThat(t.json().text()).contains("\"dst_name\": \"we\\\"ird\\\\name\"", "\"src_addr\": \"10.71.1.1\"",
                "\"from\": \"10.71.1.1\"", "\"proto\": \"ICMP\"", "\"result\": []");
    }

    static Reply reply(int type, int code) {
        return new Reply(0, ip("10.0.0.1"), type, code, 0, 64, ip("10.9.9.9"), 0);
    }

    @Test
    void compareListsTheHopsThatChanged() {
        Trace before = udpTrace();
        List<Hop> hops = List.of(
                new Hop(1, List.of(answered(1, 0, 100, "10.71.1.2", 11, 0, 64))),
                new Hop(2, List.of(answered(2, 0, 100, "10.71.2.2", 11, 0, 63))),
                new Hop(3, List.of(answered(3, 0, 100, "10.72.3.2", 11, 0, 62))),
                new Hop(4, List.of(silent(4, 0))));
        Trace after = new Trace("dest.chain.lab", ip("10.71.6.2"), jtrace.probe.Method.UDP, 60, Options.defaults(), hops, Stop.GAP_LIMIT, List.of(), Map.of());

        TraceDiff diff = before.compare(after);
        assertThat(diff.toString()).isEqualTo("""
                Hop  First trace  Second trace  Change
                  1  10.71.1.2    10.71.1.2     same
                  2  *            10.71.2.2     answers now
                  3  10.71.6.2    10.72.3.2     changed
                  4  -            *             only in the second trace
                3 of 4 hops changed
                """);
        assertThat(diff.changes()).extracting(TraceDiff.HopDiff::ttl).containsExactly(2, 3, 4);
        assertThat(diff.same()).isFalse();
        assertThat(before.compare(before).same()).isTrue();
        assertThat(before.compare(before).toString()).endsWith("same route: every hop answered from the same addresses\n");
    }

    /** A decoded field too long for a 120-column terminal goes on under its meaning column, between words (issue 15). */
    @Test
    void wrapBreaksBetweenWordsAndHangsUnderTheLastColumn() {
        String field = "      1  c0                   type of service  0xc0       DSCP 48 (CS6, network control: Linux sends"
                + " its ICMP errors so), ECN 0";
        assertThat(jtrace.render.Wrap.text(field + "\n", 119)).isEqualTo(
                "      1  c0                   type of service  0xc0       DSCP 48 (CS6, network control: Linux sends its ICMP errors\n"
                + " ".repeat(58) + "so), ECN 0\n");
        assertThat(jtrace.render.Wrap.text("received: the kernel reported the error; no socket sees the packet", 40))
                .isEqualTo("received: the kernel reported the error;\n  no socket sees the packet");
        assertThat(jtrace.render.Wrap.text("short\n", 40)).isEqualTo("short\n");
        assertThat(jtrace.render.Wrap.lines("averyveryverylongword and more", 10)).containsExactly("averyveryverylongword", "  and more");
    }
}
