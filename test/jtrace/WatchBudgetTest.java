package jtrace;

import static jtrace.FakeNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jtrace.watch.RouteWatch;
import jtrace.watch.Rounds;
import jtrace.watch.WatchReport;
import org.junit.jupiter.api.Test;

/**
 * Watch rounds faster than the routers' ICMP budget (Linux: a burst of 6, then one a second; FakeNetwork meters every
 * router and the destination so, on its virtual clock): the rounds spend the burst, then go at the routers' pace —
 * never a probe a router must refuse, so no hop shows loss that is only our own rate.
 */
class WatchBudgetTest {
    @Test
    void roundsFasterThanTheRoutersRefillWaitForTheirTokensInsteadOfCountingLoss() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        RouteWatch watch = new RouteWatch("dest", ip("10.9.9.9"), net.kind());
        int rounds = 15;
        new Rounds(net, "dest", ip("10.9.9.9"), Options.defaults().queries(1), 0.1, watch, () -> false).run(rounds);
        WatchReport r = watch.snapshot(Map.of());

        assertThat(r.rows()).extracting(WatchReport.Row::ttl).containsExactly(1, 2, 3, 4, 5, 6);
        for (WatchReport.Row row : r.rows()) {
            assertThat(row.stats().sent()).as("hop %d", row.ttl()).isEqualTo(rounds);
            assertThat(row.stats().lossPercent()).as("hop %d: loss that is only our rate", row.ttl()).isZero();
        }
        // Every probe that reached a host was answered: none wasted on an empty bucket.
        List<FakeNetwork.Sent> sent = net.sent();
        assertThat(r.rows().stream().mapToLong(row -> row.stats().received()).sum())
                .isEqualTo(sent.stream().filter(s -> s.ttl() <= 6).count());
        assertThat(sent.stream().filter(s -> s.ttl() > 6)).as("only round 1 looks past the destination").hasSizeLessThanOrEqualTo(3);
        // The burst went at the interval, the rest at the refill: the destination, which round 1 also probed past its
        // hop (3 of its 6 answers), set the pace from round 5 on, so the last round began about 10 s in — not 1.4 s.
        long first = sent.get(0).at(), last = sent.stream().filter(s -> s.ttl() == 1).mapToLong(FakeNetwork.Sent::at).max().orElseThrow();
        assertThat(last - first).isBetween(9_000_000_000L, 11_000_000_000L);
    }

    @Test
    void atTheRoutersPaceNothingWaitsLongerThanTheInterval() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        RouteWatch watch = new RouteWatch("dest", ip("10.9.9.9"), net.kind());
        new Rounds(net, "dest", ip("10.9.9.9"), Options.defaults().queries(1), 1.0, watch, () -> false).run(10);
        List<Long> starts = net.sent().stream().filter(s -> s.ttl() == 1).map(FakeNetwork.Sent::at).toList();
        for (int i = 1; i < starts.size(); i++) assertThat(starts.get(i) - starts.get(i - 1)).isBetween(1_000_000_000L, 1_001_000_000L);
        assertThat(watch.snapshot(Map.of()).rows()).allSatisfy(row -> assertThat(row.stats().lossPercent()).isZero());
    }
}
