package jtrace;

import static jtrace.FakeNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import jtrace.FakeNetwork.Behaviour;
import jtrace.probe.Reply;
import org.junit.jupiter.api.Test;
import jtrace.result.Finding;
import jtrace.result.Stop;

class RouteScannerTest {
    private final Options defaults = Options.defaults();

    private static Trace run(FakeNetwork net, Options options, List<Hop> streamed) throws Exception {
        return new RouteScanner(net, options).scan("dest", ip("10.9.9.9"), streamed::add);
    }

    private static List<InetAddress> expected(FakeNetwork net) {
        List<InetAddress> route = new ArrayList<>(net.routerAddresses());
        route.add(ip("10.9.9.9"));
        return route;
    }

    @Test
    void chainIsTracedHopByHopToTheDestination() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        List<Hop> streamed = new ArrayList<>();
        Trace t = run(net, defaults, streamed);

        assertThat(t.route()).isEqualTo(expected(net));
        assertThat(t.stop()).isEqualTo(Stop.REACHED);
        assertThat(t.hops()).allSatisfy(h -> assertThat(h.answers()).isEqualTo(3));
        assertThat(streamed).isEqualTo(t.hops());
        assertThat(t.hop(2).rtts()).containsOnly(0.2);
        assertThat(t.stopLine()).isEmpty();
        assertThat(t.text()).startsWith("traceroute to dest (10.9.9.9), 30 hops max, 60 byte packets\n"
                + " 1  10.0.1.1  0.100 ms  0.100 ms  0.100 ms\n");
    }

    @Test
    void probesTravelInParallelNotOneAtATime() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        run(net, defaults, new ArrayList<>());
        // Two hops' probes leave before the first answer (100 µs) could come back.
        long firstAnswerDue = net.sent().get(0).at() + 100_000;
        assertThat(net.sent().stream().filter(s -> s.at() < firstAnswerDue).count()).isEqualTo(6);
    }

    @Test
    void theDestinationGetsNoMoreProbesThanItsIcmpBurst() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.reached()).isTrue();
        assertThat(net.sent().stream().filter(s -> s.ttl() >= net.destinationHop()).count()).isLessThanOrEqualTo(6);
    }

    @Test
    void answersThatStallOpenTheWindowToTheGapLimit() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 400_000, true);
        for (int i = 0; i < 3; i++) net.router(Behaviour.ANSWERS);
        run(net, defaults, new ArrayList<>());
        long lastRouterAnswer = net.sent().get(8).at() + 300_000;  // hop 3's third probe, answered after 0.3 ms
        // Past hop 3, hops 4-5 go at once; hops 6-8 only after the answers stalled for at least STALL_FLOOR.
        assertThat(net.sent().stream().filter(s -> s.ttl() >= 6).mapToLong(FakeNetwork.Sent::at).min().orElseThrow())
                .isGreaterThanOrEqualTo(lastRouterAnswer + Waits.STALL_FLOOR);
    }

    @Test
    void windowBoundsProbesInFlight() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 1_000_000, true);
        for (int i = 0; i < 6; i++) net.router(Behaviour.SILENT);
        run(net, defaults.window(4), new ArrayList<>());
        long start = net.sent().get(0).at();
        assertThat(net.sent().stream().filter(s -> s.at() < start + 1_000_000).count()).isEqualTo(4);
        assertThat(net.sent().get(4).at() - start).isGreaterThanOrEqualTo(Waits.FAR_WAIT_FLOOR);
    }

    @Test
    void withFastASilentRouterCostsAboutTenRoundTripsNotSeconds() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5).set(3, Behaviour.SILENT);
        long start = net.now();
        Trace t = run(net, defaults.fast(true), new ArrayList<>());

        assertThat(t.hop(3).silent()).isTrue();
        assertThat(t.hop(3).toString()).isEqualTo(" 3  * * *");
        assertThat(t.hop(3).probes()).as("--fast: no re-probe").hasSize(3);
        assertThat(t.route()).containsExactly(ip("10.0.1.1"), ip("10.0.2.1"), null, ip("10.0.4.1"), ip("10.0.5.1"), ip("10.9.9.9"));
        assertThat(t.stop()).isEqualTo(Stop.REACHED);
        assertThat(t.notes()).isEmpty();
        // NEAR (10) x RTT of hop 4 (0.4 ms) = 4 ms, plus the send costs: far from traceroute's 5 s.
        assertThat(net.now() - start).isLessThan(10_000_000L);
    }

    @Test
    void aSilentRouterIsReprobedOnceAfterARefillPeriodAndCalledSilent() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5).set(3, Behaviour.SILENT);
        long start = net.now();
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.hop(3).silent()).isTrue();
        assertThat(t.hop(3).toString()).isEqualTo(" 3  * * *");
        assertThat(t.hop(3).probes()).hasSize(4).last().matches(Probe::extra);
        long firstAtHop3 = t.hop(3).probes().get(0).sent();
        assertThat(t.hop(3).probes().get(3).sent() - firstAtHop3).as("the re-probe waits for a refill, no more")
                .isBetween(RateLimitRecovery.RATE_LIMIT_PERIOD, RateLimitRecovery.RATE_LIMIT_PERIOD + SilentRouterCheck.MARGIN + 10_000);
        assertThat(t.findings()).containsExactly(new Finding.SilentRouter(3));
        assertThat(t.notes()).singleElement().asString().startsWith("hop 3 stayed silent even to one more probe");
        assertThat(t.route()).containsExactly(ip("10.0.1.1"), ip("10.0.2.1"), null, ip("10.0.4.1"), ip("10.0.5.1"), ip("10.9.9.9"));
        // The cost: one refill period, then NEAR x hop 4's RTT for the re-probe's answer.
        assertThat(net.now() - start).isLessThan(RateLimitRecovery.RATE_LIMIT_PERIOD + SilentRouterCheck.MARGIN + 10_000_000L);
    }

    @Test
    void routersDrainedByATraceJustBeforeAreShownAsThemselvesAfterOneRefill() throws Exception {
        // The case: another tool spent routers 3 and 4's ICMP burst a moment ago; they answer again a second later.
        FakeNetwork net = FakeNetwork.chain(6);
        net.exhausted(ip("10.0.3.1")).exhausted(ip("10.0.4.1"));
        long start = net.now();
        List<Hop> streamed = new ArrayList<>();
        Trace t = run(net, defaults, streamed);

        assertThat(t.route()).as("no hop passed off as silent").isEqualTo(expected(net));
        assertThat(t.hop(3).toString()).isEqualTo(" 3  10.0.3.1  0.300 ms * * [rate-limited]");
        assertThat(t.hop(4).toString()).isEqualTo(" 4  10.0.4.1  0.400 ms * * [rate-limited]");
        assertThat(t.hop(3).rateLimited()).isTrue();
        assertThat(t.hop(5).rateLimited()).isFalse();
        assertThat(t.findings()).containsExactly(new Finding.RateLimited(3), new Finding.RateLimited(4));
        assertThat(t.notes()).singleElement().asString().startsWith("hops 3, 4 answered none of their probes, but one more");
        assertThat(streamed).as("still streamed hop by hop, in order").isEqualTo(t.hops());
        // Both re-probes went together: one refill period for the whole trace, not one per silent hop.
        assertThat(net.now() - start).isLessThan(RateLimitRecovery.RATE_LIMIT_PERIOD + SilentRouterCheck.MARGIN + 10_000_000L);
        assertThat(net.sent().stream().filter(s -> s.ttl() == 3 || s.ttl() == 4)).hasSize(8);
    }

    @Test
    void withFastADrainedRouterLooksSilentAsTracerouteShowsIt() throws Exception {
        FakeNetwork net = FakeNetwork.chain(6);
        net.exhausted(ip("10.0.3.1"));
        Trace t = run(net, defaults.fast(true), new ArrayList<>());
        assertThat(t.hop(3).toString()).isEqualTo(" 3  * * *");
        assertThat(t.findings()).isEmpty();
        assertThat(net.sent().stream().filter(s -> s.ttl() == 3)).hasSize(3);
    }

    @Test
    void hopsPastASilentRouterAreProbedWhileItsReprobeWaits() throws Exception {
        // The trace does not stop for the refill: by the time hop 2's re-probe goes, the destination has answered.
        FakeNetwork net = FakeNetwork.chain(6).set(2, Behaviour.SILENT);
        run(net, defaults, new ArrayList<>());
        long reprobe = net.sent().stream().filter(s -> s.ttl() == 2).mapToLong(FakeNetwork.Sent::at).max().orElseThrow();
        long lastRegular = net.sent().stream().filter(s -> s.ttl() == 7).mapToLong(FakeNetwork.Sent::at).max().orElseThrow();
        assertThat(lastRegular).isLessThan(reprobe - RateLimitRecovery.RATE_LIMIT_PERIOD / 2);
    }

    @Test
    void silentDestinationStopsAtTheGapLimitAndSaysSo() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 400_000, true);
        for (int i = 0; i < 3; i++) net.router(Behaviour.ANSWERS);
        long start = net.now();
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.stop()).isEqualTo(Stop.GAP_LIMIT);
        assertThat(t.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(t.hops().subList(3, 8)).allMatch(Hop::silent);
        assertThat(t.stopLine()).isEqualTo("stopped after hop 8: 5 silent hops in a row (gap limit; raise it with --gap)");
        assertThat(net.sent()).allMatch(s -> s.ttl() <= 8);
        assertThat(t.hops().subList(3, 8)).allSatisfy(h -> {
            assertThat(h.probes()).hasSize(4);  // 3 + the last try, kept in the data
            assertThat(h.probes().get(3).extra()).isTrue();
            assertThat(h.toString()).as("the line shows -q results, not the extra probe").isEqualTo(String.format("%2d  * * *", h.ttl()));
        });
        assertThat(t.findings()).containsExactly(new Finding.StillSilent(4, 8));
        assertThat(net.now() - start).isLessThan(1_500_000_000L);
    }

    @Test
    void unreachableEndsTheTraceWithTraceroutesAnnotation() throws Exception {
        FakeNetwork net = FakeNetwork.chain(4).set(2, Behaviour.UNREACHABLE);
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.stop()).isEqualTo(Stop.UNREACHABLE);
        assertThat(t.hops()).hasSize(2);
        assertThat(t.hop(2).toString()).isEqualTo(" 2  10.0.2.1  0.200 ms !H  0.200 ms !H  0.200 ms !H");
        assertThat(t.stopLine()).isEqualTo("stopped at hop 2: 10.0.2.1 answered destination unreachable !H");
        assertThat(t.notes()).isEmpty();  // every probe answered: nothing to explain
    }

    @Test
    void aFinalHopThatAnswersOnlySomeProbesIsExplained() throws Exception {
        FakeNetwork net = FakeNetwork.chain(4).set(2, Behaviour.UNREACHABLE);
        net.exhausted(ip("10.0.2.1"), 2_000_000_000L);  // two tokens left: two of the three !H come back
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.hop(2).toString()).isEqualTo(" 2  10.0.2.1  0.200 ms !H  0.200 ms !H *");
        assertThat(t.findings()).containsExactly(new Finding.PartialAnswers(2, 2, 3));
    }

    @Test
    void maxTtlEndsALongTrace() throws Exception {
        Trace t = run(FakeNetwork.chain(8), defaults.maxTtl(4), new ArrayList<>());
        assertThat(t.stop()).isEqualTo(Stop.MAX_TTL);
        assertThat(t.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3, 4);
        assertThat(t.stopLine()).contains("max TTL 4");
    }

    @Test
    void noWaitExceedsWaitMaxEvenWithHugeFactors() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 100_000_000, true);
        for (int i = 0; i < 3; i++) net.router(Behaviour.ANSWERS, 100_000_000);  // 100 ms round trips
        long start = net.now();
        Trace t = run(net, defaults.wait(1, 1000, 1000), new ArrayList<>());
        assertThat(t.stop()).isEqualTo(Stop.GAP_LIMIT);
        assertThat(net.now() - start).isLessThan(5_000_000_000L);  // a few MAX waits, not 1000 x 0.1 s
    }

    @Test
    void firstTtlSkipsTheNearHops() throws Exception {
        Trace t = run(FakeNetwork.chain(5), defaults.firstTtl(3).queries(1), new ArrayList<>());
        assertThat(t.hops()).extracting(Hop::ttl).containsExactly(3, 4, 5, 6);
        assertThat(t.reached()).isTrue();
    }

    @Test
    void rateLimitedDestinationIsFoundAtItsTrueDistance() throws Exception {
        FakeNetwork net = FakeNetwork.chain(6);
        net.exhausted(ip("10.9.9.9"));  // a trace just before used up its burst, as traceroute run twice shows
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.stop()).isEqualTo(Stop.REACHED);
        assertThat(t.last().ttl()).isEqualTo(7);
        assertThat(t.last().address()).isEqualTo(ip("10.9.9.9"));
        assertThat(t.route()).isEqualTo(expected(net));
        assertThat(t.findings()).containsExactly(new Finding.FoundAfterSilence(7, 11, 7));
        assertThat(t.last().toString()).as("-q columns, the extra probe's answer in a silent one's place, and why")
                .matches(" 7  10\\.9\\.9\\.9  0\\.700 ms \\* \\* \\[rate-limited\\]");
    }

    @Test
    void destinationFirstHeardBeyondItsDistanceIsMovedBackToIt() throws Exception {
        FakeNetwork net = FakeNetwork.chain(6);
        net.exhausted(ip("10.9.9.9"), 200_000_000L);  // a token comes back while the probes for hop 9 arrive
        Trace t = run(net, defaults.queries(1).sendWait(0.1), new ArrayList<>());

        assertThat(net.sent()).anySatisfy(s -> assertThat(s.ttl()).isEqualTo(9));
        assertThat(t.last().ttl()).isEqualTo(7);
        assertThat(t.route()).isEqualTo(expected(net));
        assertThat(t.findings()).containsExactly(new Finding.DestinationNearer(9, 7, 7));
    }

    @Test
    void aSilentRouterInFrontOfTheDestinationGetsOneReprobeNotTheRecheckRounds() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5).set(5, Behaviour.SILENT);
        long start = net.now();
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.route()).containsExactly(ip("10.0.1.1"), ip("10.0.2.1"), ip("10.0.3.1"), ip("10.0.4.1"), null, ip("10.9.9.9"));
        assertThat(t.findings()).containsExactly(new Finding.SilentRouter(5));
        assertThat(t.hop(5).probes()).hasSize(4);
        // The reply TTL said 6 hops, so no re-check rounds (two periods): one re-probe, one period.
        assertThat(net.now() - start).isLessThan(RateLimitRecovery.RATE_LIMIT_PERIOD + SilentRouterCheck.MARGIN + 10_000_000L);
    }

    @Test
    void withFastSilentRoutersInFrontOfTheDestinationAreNotReprobed() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5).set(5, Behaviour.SILENT);
        long start = net.now();
        Trace t = run(net, defaults.fast(true), new ArrayList<>());
        assertThat(t.route()).containsExactly(ip("10.0.1.1"), ip("10.0.2.1"), ip("10.0.3.1"), ip("10.0.4.1"), null, ip("10.9.9.9"));
        assertThat(t.notes()).isEmpty();
        assertThat(net.now() - start).isLessThan(RateLimitRecovery.RATE_LIMIT_PERIOD);  // the reply TTL said 6 hops
    }

    @Test
    void repliesThatMatchNoProbeNeverShow() throws Exception {
        FakeNetwork net = FakeNetwork.chain(3);
        InetAddress spoofer = ip("192.0.2.66");
        net.inject(10_000, new Reply(0, spoofer, 11, 0, net.now() + 10_000, 60, ip("10.8.8.8"), 0));  // other destination
        net.inject(20_000, new Reply(999, spoofer, 0, 0, net.now() + 20_000, 60, ip("10.9.9.9"), 0));  // unknown key
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.hops()).flatMap(Hop::addresses).doesNotContain(spoofer);
        assertThat(t.route()).isEqualTo(expected(net));
    }

    @Test
    void lateReplyAfterItsProbeExpiredIsDropped() throws Exception {
        // A slow router 2: it answers after 6 s, beyond -w 5, so its probes expire first and its answers come too late.
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 400_000, false).router(Behaviour.ANSWERS)
                .router(Behaviour.ANSWERS, 6_000_000_000L).router(Behaviour.ANSWERS);
        net.rateLimit = false;
        Trace t = run(net, defaults.window(3).wait(5, 3, 100_000), new ArrayList<>());
        assertThat(t.hop(2).silent()).isTrue();
        assertThat(t.reached()).isTrue();
    }

    @Test
    void everyProbeSentAtAPrintedHopIsShown() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5).set(2, Behaviour.SILENT);
        Trace t = run(net, defaults, new ArrayList<>());
        for (Hop h : t.hops()) {
            long sentAtHop = net.sent().stream().filter(s -> s.ttl() == h.ttl()).count();
            assertThat(h.probes()).hasSize((int) sentAtHop);
        }
    }

    @Test
    void everyHopThatLostProbesToRateLimitingIsTold() throws Exception {
        FakeNetwork net = FakeNetwork.chain(4);
        for (int hop = 1; hop <= 3; hop++) net.exhausted(ip("10.0." + hop + ".1"), 1_000_000_000L);  // one token each
        Trace t = run(net, defaults.queries(5), new ArrayList<>());
        assertThat(t.reached()).isTrue();
        assertThat(t.findings()).containsExactly(new Finding.PartialAnswers(1, 1, 5), new Finding.PartialAnswers(2, 1, 5),
                new Finding.PartialAnswers(3, 1, 5));
        assertThat(t.notes()).singleElement().asString().startsWith("hops 1 (1 of 5), 2 (1 of 5), 3 (1 of 5)");
    }

    @Test
    void lastDitchProbesKeepTheSendWait() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 400_000, true);
        for (int i = 0; i < 3; i++) net.router(Behaviour.ANSWERS);
        Trace t = run(net, defaults.queries(1).sendWait(0.05), new ArrayList<>());
        assertThat(t.stop()).isEqualTo(Stop.GAP_LIMIT);
        List<FakeNetwork.Sent> sent = net.sent();
        for (int i = 1; i < sent.size(); i++)
            assertThat(sent.get(i).at() - sent.get(i - 1).at()).as("probe %d", i).isGreaterThanOrEqualTo(50_000_000L);
    }

    @Test
    void aLateReplyToAnEarlierTraceOnTheSameMethodMatchesNothing() throws Exception {
        FakeNetwork net = FakeNetwork.chain(3);
        net.rateLimit = false;
        RouteScanner scanner = new RouteScanner(net, defaults.queries(1));
        Trace first = scanner.scan("dest", ip("10.9.9.9"), hop -> {});
        List<Integer> firstKeys = net.sent().stream().map(FakeNetwork.Sent::key).toList();
        // A forged or very late answer carrying each of trace 1's keys, from a stranger, arrives during trace 2.
        InetAddress stranger = ip("192.0.2.7");
        for (int key : firstKeys) net.inject(50_000, new Reply(key, stranger, 11, 0, net.now() + 50_000, 60, ip("10.9.9.9"), 0));
        Trace second = scanner.scan("dest", ip("10.9.9.9"), hop -> {});
        assertThat(first.route()).isEqualTo(expected(net));
        assertThat(second.route()).isEqualTo(expected(net));
        assertThat(net.sent().subList(firstKeys.size(), net.sent().size())).extracting(FakeNetwork.Sent::key)
                .as("sequence numbers run on across traces").doesNotContainAnyElementsOf(firstKeys);
    }

    @Test
    void whereNoHostAnswersAtAllEvenTheLastProbesTheTraceSaysSoNotRateLimiting() throws Exception {
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 400_000, true);
        for (int i = 0; i < 6; i++) net.router(Behaviour.SILENT);
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.stop()).isEqualTo(Stop.GAP_LIMIT);
        assertThat(t.hops()).allSatisfy(h -> assertThat(h.toString()).endsWith(" * * *"));
        assertThat(t.findings()).containsExactly(new Finding.NothingAnswered(20));  // 15, and one more each
        assertThat(t.notes()).noneMatch(n -> n.contains("rate-limiting host"));
    }

    @Test
    void aTraceRightAfterTwoOthersFindsEveryRouterDrainedAndStillReachesTheDestination() throws Exception {
        // Two traces just spent every router's burst (3 probes each, twice): the third meets nothing but silence,
        // until the last probes, sent once a token came back, find the routers again (as on the lab chain).
        FakeNetwork net = FakeNetwork.chain(5);
        for (InetAddress r : net.routerAddresses()) net.exhausted(r);
        net.exhausted(ip("10.9.9.9"));
        Trace t = run(net, defaults, new ArrayList<>());
        assertThat(t.stop()).isEqualTo(Stop.REACHED);
        assertThat(t.route()).isEqualTo(expected(net));
    }

    @Test
    void aReplyThatComesAfterItsProbeWasGivenUpStaysWithTheLostProbe() throws Exception {
        // Hop 1 answers in 3 ms, but once hop 2 answers (0.2 ms) hop 1's probes wait NEAR x 0.2 ms = 2 ms: lost. The
        // silent hop 3 keeps the trace running past 3 ms, so their replies still come in: late, not answers.
        FakeNetwork net = new FakeNetwork(ip("10.9.9.9"), 600_000, false).router(Behaviour.ANSWERS, 3_000_000)
                .router(Behaviour.ANSWERS).router(Behaviour.SILENT).router(Behaviour.ANSWERS).router(Behaviour.ANSWERS);
        net.rateLimit = false;
        Trace t = run(net, defaults, new ArrayList<>());

        List<Probe> lost = t.hop(1).regular();
        assertThat(lost).hasSize(3).allSatisfy(p -> {
            assertThat(p.answered()).isFalse();
            assertThat(p.late()).isNotNull();
            assertThat(p.late().from()).isEqualTo(ip("10.0.1.1"));
            assertThat(p.late().received() - p.sent()).isGreaterThanOrEqualTo(3_000_000);
        });
        assertThat(t.hop(1).toString()).startsWith(" 1  * * *");  // a late reply is no answer: the probe stays lost
        assertThat(t.hops().stream().skip(1).flatMap(h -> h.probes().stream())).allSatisfy(p -> assertThat(p.late()).isNull());
    }

    @Test
    void aProbeThatCannotBeSentEndsTheTraceAtItsHopWhichSaysWhy() throws Exception {
        FakeNetwork net = FakeNetwork.chain(5);
        net.refuseFromTtl = 3;  // from TTL 3 on, sendto fails (a local firewall): those probes never leave
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.stop()).isEqualTo(Stop.SEND_FAILED);
        assertThat(t.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3);
        assertThat(t.hop(2).address()).isEqualTo(ip("10.0.2.1"));
        assertThat(t.hop(2).error()).isNull();
        assertThat(t.hop(3).probes()).isEmpty();  // nothing went out at hop 3: no * pretends otherwise
        assertThat(t.hop(3).error()).isEqualTo("sendto 10.9.9.9: Operation not permitted");
        assertThat(net.sent()).allSatisfy(s -> assertThat(s.ttl()).isLessThan(3));
        assertThat(t.hop(3).toString()).isEqualTo(" 3   ! not sent");
        assertThat(t.stopLine()).isEqualTo("stopped at hop 3: a probe could not be sent: sendto 10.9.9.9: Operation not permitted");
        // Atlas: the hop carries the error instead of a result.
        var r = jtrace.support.JsonReader.object(t.json().text());
        assertThat(((List<?>) r.get("result")).get(2)).isEqualTo(java.util.Map.of("hop", 3L, "error", "sendto 10.9.9.9: Operation not permitted"));
    }

    @Test
    void aSilentRouterBelowAProbeThatCannotBeSentDoesNotHoldTheTraceUp() throws Exception {
        // Hop 1 is silent below hop 2's answer: its re-probe would go a refill period later, but hop 3's probe could
        // not be sent and nothing more goes out, so the trace ends there without waiting for a re-probe never sent.
        FakeNetwork net = FakeNetwork.chain(5).set(1, Behaviour.SILENT);
        net.refuseFromTtl = 3;
        Trace t = run(net, defaults, new ArrayList<>());

        assertThat(t.stop()).isEqualTo(Stop.SEND_FAILED);
        assertThat(t.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3);
        assertThat(t.hop(1).silent()).isTrue();
        assertThat(t.hop(1).probes()).hasSize(3);  // no re-probe went out
        assertThat(t.findings()).isEmpty();  // so it is not called a silent router either
        assertThat(t.hop(3).error()).isEqualTo("sendto 10.9.9.9: Operation not permitted");
    }
}
