package jtrace.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.probe.QuoteWatch;
import jtrace.probe.Reply;
import jtrace.result.Finding;
import jtrace.result.Stop;
import jtrace.support.AtlasSchema;
import jtrace.support.JsonReader;
import org.junit.jupiter.api.Test;

/** The NAT test beside a trace: the first hop behind the NAT says so on its line as it streams, in the Trace and in JSON. */
class NatAnnotatorTest {
    private static final InetAddress DEST = ip("10.78.6.2");
    /** What the nat lab's routers quoted, hop by hop (checksum, payload word): the NAT behind hop 2 shifts the checksum. */
    private static final int[][] QUOTED = {{0x1bd8, 0xeabd}, {0x1bd8, 0xeabc}, {0x1fd8, 0xeabb}, {0x1fd8, 0xeaba}, {0x1fd8, 0xeab9}, {0x1fd8, 0xeab8}};

    private static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress router(int k) { return k == 6 ? DEST : ip("10.78." + k + ".2"); }

    private static Hop hop(int k) {
        List<Probe> probes = new ArrayList<>();
        for (int q = 0; q < 3; q++) probes.add(new Probe(k, 3 * k + q, 1_000L, new Reply(3 * k + q, router(k), k == 6 ? 3 : 11,
                k == 6 ? 3 : 0, 101_000L, 64 - k, DEST, 0)));
        return new Hop(k, probes);
    }

    /** Quotes arrive with their hop's answers: each drain hands over the next hop's. */
    @Test
    void theFirstHopBehindTheNatIsMarkedAsItStreamsInTheTraceAndInJson() throws Exception {
        Deque<List<QuoteWatch.Quoted>> arriving = new ArrayDeque<>();
        for (int k = 1; k <= 6; k++) arriving.add(List.of(new QuoteWatch.Quoted(router(k), 33434, QUOTED[k - 1][0], QUOTED[k - 1][1])));
        NatAnnotator nat = NatAnnotator.reading(() -> arriving.isEmpty() ? List.of() : arriving.poll());
        List<Hop> streamed = new ArrayList<>();
        for (int k = 1; k <= 6; k++) streamed.add(nat.hop(hop(k)));
        assertThat(streamed).extracting(Hop::behindNat).containsExactly(false, false, true, false, false, false);
        assertThat(streamed.get(2).toString()).isEqualTo(" 3  10.78.3.2  0.100 ms  0.100 ms  0.100 ms [NAT]");
        assertThat(streamed.get(3).toString()).doesNotContain("[NAT]");

        List<Hop> hops = new ArrayList<>();
        for (int k = 1; k <= 6; k++) hops.add(hop(k));
        Trace trace = nat.annotate(new Trace("dest", DEST, jtrace.probe.Method.UDP, 60, Options.defaults(), hops, Stop.REACHED, List.of(), Map.of(),
                ip("10.78.1.1"), Map.of(), Map.of()));
        assertThat(trace.hop(3).behindNat()).isTrue();
        assertThat(trace.hops()).filteredOn(Hop::behindNat).hasSize(1);
        assertThat(trace.findings()).containsExactly(new Finding.BehindNat(3));
        assertThat(trace.text()).contains("\n 3  10.78.3.2  0.100 ms  0.100 ms  0.100 ms [NAT]\n", "note: hop 3 [NAT]: the first hop behind a NAT");

        Map<String, Object> json = JsonReader.object(trace.json().text());
        assertThat(AtlasSchema.problems(json)).isEmpty();
        @SuppressWarnings("unchecked") List<Map<String, Object>> result = (List<Map<String, Object>>) json.get("result");
        assertThat(result).extracting(h -> h.get("behind_nat")).containsExactly(null, null, true, null, null, null);
    }

    @Test
    void whereNoQuotesCanBeReadNothingChanges() {
        NatAnnotator none = NatAnnotator.none();
        Hop h = hop(3);
        assertThat(none.hop(h)).isSameAs(h);
        Trace t = new Trace("dest", DEST, jtrace.probe.Method.UDP, 60, Options.defaults(), List.of(h), Stop.REACHED, List.of(), Map.of());
        assertThat(none.annotate(t)).isSameAs(t);
    }

    @Test
    void noNatNoMark() {
        // Every hop quotes the first hops' checksum: no NAT anywhere.
        NatAnnotator nat = NatAnnotator.reading(() -> List.of(new QuoteWatch.Quoted(router(1), 33434, 0x1bd8, 0xeabd),
                new QuoteWatch.Quoted(router(2), 33434, 0x1bd8, 0xeabc), new QuoteWatch.Quoted(router(3), 33434, 0x1bd8, 0xeabb)));
        List<Hop> hops = List.of(hop(1), hop(2), hop(3));
        assertThat(hops.stream().map(nat::hop)).noneMatch(Hop::behindNat);
        Trace t = nat.annotate(new Trace("dest", DEST, jtrace.probe.Method.UDP, 60, Options.defaults(), hops, Stop.REACHED, List.of(), Map.of()));
        assertThat(t.findings()).isEmpty();
        assertThat(t.text()).doesNotContain("[NAT]");
    }
}
