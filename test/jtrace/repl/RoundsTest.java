package jtrace.repl;

import static jtrace.repl.ScriptedPath.DEST;
import static jtrace.repl.ScriptedPath.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jtrace.Options;
import jtrace.probe.Reply;
import jtrace.result.HopKind;
import jtrace.watch.Rounds;
import jtrace.watch.RouteWatch;
import jtrace.watch.WatchReport;
import org.junit.jupiter.api.Test;

/** The watch loop on a scripted path (virtual clock): rounds, pacing, per-hop numbers, what counts as loss. */
class RoundsTest {
    private static final Options ONE_PROBE = Options.defaults().queries(1);

    private static WatchReport watch(ScriptedPath path, int rounds) throws Exception {
        RouteWatch watch = new RouteWatch("dest", DEST, path.kind());
        new Rounds(path, "dest", DEST, ONE_PROBE, 1.0, watch, () -> false).run(rounds);
        assertThat(watch.rounds()).isEqualTo(rounds);
        return watch.snapshot(Map.of());
    }

    @Test
    void everyHopGetsOneProbePerRoundAndItsNumbers() throws Exception {
        // hop k answers in k x 100 µs, plus 10 µs more each round: Last, Best, Wrst, Avg and jitter are known
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> ttl * 100L + nth * 10L);
        WatchReport r = watch(path, 5);

        assertThat(r.rows()).extracting(WatchReport.Row::ttl).containsExactly(1, 2, 3, 4);
        assertThat(r.rows()).extracting(WatchReport.Row::address).containsExactly(router(1), router(2), router(3), DEST);
        for (WatchReport.Row row : r.rows()) {
            double base = row.ttl() * 0.1;
            assertThat(row.kind()).isEqualTo(HopKind.ANSWERS);
            assertThat(row.stats().sent()).as("hop %d", row.ttl()).isEqualTo(5);
            assertThat(row.stats().received()).isEqualTo(5);
            assertThat(row.stats().lossPercent()).isZero();
            assertThat(row.stats().best()).isCloseTo(base, within(1e-9));
            assertThat(row.stats().worst()).isCloseTo(base + 0.04, within(1e-9));
            assertThat(row.stats().last()).isCloseTo(base + 0.04, within(1e-9));
            assertThat(row.stats().mean()).isCloseTo(base + 0.02, within(1e-9));
            assertThat(row.stats().jitter()).isCloseTo(0.01, within(1e-9));
            assertThat(row.stats().jitterMean()).isCloseTo(0.04 / 5, within(1e-9));  // 0, .01, .01, .01, .01
        }
        assertThat(r.text()).contains("  1. 10.0.1.1 ", "  4. 10.9.9.9 ").doesNotContain("\u001b[");
    }

    @Test
    void roundsArePacedAndStopAtTheDestinationOnceKnown() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> 100L);
        watch(path, 4);
        List<ScriptedPath.Sent> firsts = path.sent.stream().filter(s -> s.ttl() == 1).toList();
        assertThat(firsts).hasSize(4);
        for (int i = 1; i < firsts.size(); i++)
            assertThat(firsts.get(i).at() - firsts.get(i - 1).at()).as("round %d starts a second after the one before", i)
                    .isBetween(1_000_000_000L, 1_001_000_000L);
        // Round 1 looks past the destination (the window); rounds 2..4 send exactly one probe per hop, none past it.
        List<ScriptedPath.Sent> later = path.sent.subList(path.sent.indexOf(firsts.get(1)), path.sent.size());
        assertThat(later).extracting(ScriptedPath.Sent::ttl).containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
    }

    @Test
    void probesPastTheDestinationAreNotCountedAnywhere() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> 100L);
        WatchReport r = watch(path, 3);
        assertThat(path.sent.stream().filter(s -> s.ttl() > 4)).as("round 1's window went past hop 4").isNotEmpty();
        assertThat(r.rows()).hasSize(4);
        assertThat(r.row(4).stats().sent()).isEqualTo(3);
        assertThat(r.row(4).stats().inFlight()).isZero();
    }

    @Test
    void aSilentRouterIsShownAsSuchNotAsLoss() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> ttl == 2 ? null : 100L);
        WatchReport r = watch(path, 3);
        assertThat(r.row(2).kind()).isEqualTo(HopKind.SILENT_ROUTER);
        assertThat(r.row(2).stats().sent()).isEqualTo(3);
        assertThat(r.row(3).kind()).isEqualTo(HopKind.ANSWERS);
        assertThat(r.row(4).stats().lossPercent()).isZero();
        String text = r.text();
        assertThat(text).containsPattern("(?m)^  2\\. \\(silent router\\) +-- +3 *$");
        assertThat(text).contains("hop 2: no answer while later hops answer: a router that sends no ICMP, not packet loss");
        assertThat(text).doesNotContain("100.0%");
    }

    @Test
    void lossAtTheDestinationIsRealLossAndCountsPerRound() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> ttl == 4 && nth == 2 ? null : 100L);  // its 3rd probe
        WatchReport r = watch(path, 5);
        assertThat(r.row(4).stats().sent()).isEqualTo(5);
        assertThat(r.row(4).stats().lost()).isEqualTo(1);
        assertThat(r.row(4).stats().lossPercent()).isEqualTo(20.0);
        assertThat(r.row(4).lossOnlyHere()).isFalse();
        assertThat(r.rows().subList(0, 3)).allSatisfy(row -> assertThat(row.stats().lossPercent()).isZero());
        assertThat(r.text()).containsPattern("(?m)^  4\\. 10\\.9\\.9\\.9 +20\\.0% +5 ");
    }

    @Test
    void lossAtOneRouterOnlyIsMarkedAsRateLimiting() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> ttl == 2 && nth == 1 ? null : 100L);
        WatchReport r = watch(path, 4);
        assertThat(r.row(2).stats().lossPercent()).isEqualTo(25.0);
        assertThat(r.row(2).lossOnlyHere()).isTrue();
        assertThat(r.row(4).stats().lossPercent()).isZero();
        assertThat(r.text()).contains("hop 2: loss that later hops do not show");
    }

    @Test
    void aLateAnswerFromAnEarlierRoundIsNotCountedNow() throws Exception {
        // Round 2 is slow (every hop 50 ms). 10 ms after its probe to hop 3 leaves, a reply arrives that carries
        // the key hop 3's probe had in round 1, as if delayed a whole second. It must not count as hop 3's answer.
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> nth == 1 ? 50_000L : 100L);
        RouteWatch watch = new RouteWatch("dest", DEST, path.kind());
        Rounds rounds = new Rounds(path, "dest", DEST, ONE_PROBE, 1.0, watch, () -> false);
        rounds.run(1);
        int roundOneKey = path.sent.stream().filter(s -> s.ttl() == 3).findFirst().orElseThrow().key();
        path.alsoArrives(3, 1, 10_000, new Reply(roundOneKey, router(2), 11, 0, 0, 63, DEST, 0));
        rounds.run(1);
        WatchReport r = watch.snapshot(Map.of());
        assertThat(path.sent.stream().filter(s -> s.ttl() == 3)).hasSize(2).extracting(ScriptedPath.Sent::key)
                .as("fresh keys every round").doesNotHaveDuplicates();
        assertThat(r.row(3).addresses()).containsExactly(router(3));
        assertThat(r.row(3).stats().last()).isCloseTo(50.0, within(1e-6));
        assertThat(r.row(3).stats().received()).isEqualTo(2);
    }

    @Test
    void stoppingEndsTheRunAndLeavesUnansweredProbesInFlightNotLost() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        // every hop takes 400 ms: stop 100 ms into round 3, while its probes are on their way
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> 400_000L);
        RouteWatch watch = new RouteWatch("dest", DEST, path.kind());
        Rounds rounds = new Rounds(new StopAfter(path, 2L * 1_000_000_000 + 100_000_000, stop), "dest", DEST, ONE_PROBE,
                1.0, watch, stop::get);
        rounds.run(0);  // no count: only the stop ends it
        WatchReport r = watch.snapshot(Map.of());
        // The round in progress counts, as its probes do in Snt: the header, the status line and Snt say 3 (issue 15).
        assertThat(watch.rounds()).isEqualTo(3);
        assertThat(r.text()).startsWith("watch dest (10.9.9.9): " + path.kind() + ", 3 rounds\n");
        assertThat(jtrace.render.WatchTable.status(r, 0, 1.0)).startsWith("round 3, every 1.0 s");
        for (WatchReport.Row row : r.rows()) {
            assertThat(row.stats().sent()).as("hop %d", row.ttl()).isEqualTo(3);
            assertThat(row.stats().inFlight()).isEqualTo(1);
            assertThat(row.stats().received()).isEqualTo(2);
            assertThat(row.stats().lossPercent()).isZero();
        }
    }

    /** After r (reset) in the middle of a round, that round is round 1: its probes in flight stay counted (issue 15). */
    @Test
    void aResetMidRoundCountsTheRoundInProgressAsTheFirst() throws Exception {
        ScriptedPath path = new ScriptedPath(3, (ttl, nth) -> 100L);
        RouteWatch watch = new RouteWatch("dest", DEST, path.kind());
        AtomicBoolean reset = new AtomicBoolean();
        java.util.function.IntSupplier hopOneSent = () -> {
            WatchReport.Row row = watch.snapshot(Map.of()).row(1);
            return row == null ? 0 : row.stats().sent();
        };
        // In round 3, once hop 1's probe is out: reset. Stop in the next round, once hop 1's probe is out again.
        new Rounds(path, "dest", DEST, ONE_PROBE, 1.0, watch, () -> {
            if (!reset.get() && watch.rounds() == 3 && hopOneSent.getAsInt() == 3) {
                watch.reset();
                reset.set(true);
            }
            return reset.get() && watch.rounds() == 2 && hopOneSent.getAsInt() == 2;
        }).run(6);
        WatchReport r = watch.snapshot(Map.of());
        assertThat(reset).isTrue();
        assertThat(r.rounds()).as("rounds since the reset, the one in progress included").isEqualTo(2);
        assertThat(r.row(1).stats().sent()).isEqualTo(2);
        assertThat(r.text()).startsWith("watch dest (10.9.9.9): " + path.kind() + ", 2 rounds\n");
        assertThat(jtrace.render.WatchTable.status(r, 6, 1.0)).startsWith("round 2 of 6, every 1.0 s");
    }

    /** Sets {@code stop} once the path's clock passed {@code after} nanoseconds from its start. */
    private static final class StopAfter implements jtrace.probe.ProbeMethod {
        private final ScriptedPath path;
        private final long at;
        private final AtomicBoolean stop;

        StopAfter(ScriptedPath path, long after, AtomicBoolean stop) {
            this.path = path;
            this.at = path.nowNanos() + after;
            this.stop = stop;
        }

        @Override public jtrace.probe.Method kind() { return path.kind(); }
        @Override public long send(int ttl, int key) { return path.send(ttl, key); }
        @Override public Reply receive(long deadline) {
            Reply r = path.receive(deadline);
            if (path.now() >= at) stop.set(true);
            return r;
        }
        @Override public long now() { return path.now(); }
        @Override public int packetSize() { return 60; }
        @Override public void close() {}
    }
}
