package jtrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jtrace.FakeNetwork.Behaviour;
import jtrace.ratelimit.IcmpBudget;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import org.junit.jupiter.api.Test;

/**
 * MDA on known load-balanced networks (FakeNetwork, virtual clock): it finds every interface and link of diamonds
 * of width 2 and 4, nested and meshed, at the price its stopping rule sets, misses less often than the stated
 * confidence allows, and rate limiting neither hides a router nor costs more than a refill.
 */
class MultipathScannerTest {
    private static final InetAddress DEST = FakeNetwork.ip("10.9.9.9");
    private static final long S = 1_000_000_000L;

    /** A scan whose host sends every flow through one first hop (the lab's client, Linux's default hash). */
    private static Multipath scan(FakeNetwork net) throws Exception { return scan(net, StoppingRule.DEFAULT, true); }

    private static Multipath scan(FakeNetwork net, StoppingRule rule, boolean firstHopShared) throws Exception {
        return new MultipathScanner(net, Options.defaults(), rule, new IcmpBudget(), firstHopShared).scan(DEST);
    }

    private static Set<InetAddress> at(Multipath m, int ttl) {
        return m.hop(ttl).interfaces().stream().map(Multipath.Interface::address).collect(Collectors.toSet());
    }

    private static Set<String> links(Multipath m) {
        return m.links().stream().map(l -> l.from().getHostAddress() + ">" + l.to().getHostAddress()).collect(Collectors.toSet());
    }

    private static FakeNetwork quiet(FakeNetwork net) {
        net.rateLimit = false;
        return net;
    }

    @Test
    void aWidthTwoDiamondShowsBothBranchesAndAllFourLinksForTheRulesPrice() throws Exception {
        FakeNetwork net = quiet(FakeNetwork.diamonds(1, 1, 2, 1, 1));  // r1, {a, b}, r3, r4, dest
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(m.reached()).isTrue();
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(links(m)).containsExactlyInAnyOrder("10.0.1.1>10.0.2.1", "10.0.1.1>10.0.2.2", "10.0.2.1>10.0.3.1",
                "10.0.2.2>10.0.3.1", "10.0.3.1>10.0.4.1", "10.0.4.1>10.9.9.9");
        // Hop 1 is this host's one next hop: one answer. Then 11 answers rule out a third branch, 6 a second router
        // at hops 3 and 4, and the destination's first answer ends it.
        assertThat(m.hops()).extracting(Multipath.Level::answered).containsExactly(1, 11, 6, 6, 1);
        assertThat(m.probes()).as("every probe answered: the rule's price and nothing more").isEqualTo(25).isEqualTo(net.sent().size());
    }

    /**
     * A high -p leaves few UDP ports above it: the scan uses each flow once per hop and ends a hop that needs more
     * with what it found, instead of sending two probes on one flow (one sample counted twice) and waiting forever
     * for an answer matched to the other.
     */
    @Test
    void aHopThatRunsOutOfFlowsEndsWithWhatItFound() throws Exception {
        FakeNetwork net = quiet(FakeNetwork.diamonds(1, 1, 4, 1, 1));  // r1, four routers, r3, r4, dest
        net.flows = 8;  // the rule wants 21 answers at hop 2
        Multipath m = scan(net);
        assertThat(m.reached()).isTrue();
        assertThat(net.sent()).allSatisfy(p -> assertThat(p.flow()).isBetween(0, 7));
        assertThat(net.sent().stream().map(p -> p.ttl() + "/" + p.flow()).distinct().count())
                .as("no flow sent twice to one hop").isEqualTo(net.sent().size());
        assertThat(m.hop(2).answered()).isEqualTo(8);
        assertThat(net.addressesAt(2)).containsAll(at(m, 2));
    }

    /** A host that may balance its own flows (an L4 multipath hash) has hop 1 tested like any other. */
    @Test
    void hopOneIsTestedWhenTheHostItselfMayBalance() throws Exception {
        Multipath m = scan(quiet(FakeNetwork.diamonds(1, 1, 2, 1, 1)), StoppingRule.DEFAULT, false);
        assertThat(m.hops()).extracting(Multipath.Level::answered).containsExactly(6, 11, 6, 6, 1);
        Multipath forked = scan(quiet(FakeNetwork.diamonds(7, 2, 1, 1)), StoppingRule.DEFAULT, false);
        assertThat(at(forked, 1)).hasSize(2);
    }

    /**
     * Routers that meter their answers (6, then 1/s): a hop that needs 11 answers from two routers may find one of
     * them spent by our own probes; the scan keeps probing the other instead of waiting, so it costs a few probes, no second.
     */
    @Test
    void ourOwnRateLimitingCostsAFewProbesNotARefill() throws Exception {
        for (long salt = 1; salt <= 20; salt++) {
            FakeNetwork net = FakeNetwork.diamonds(salt, 1, 2, 1, 1);
            Multipath m = scan(net);
            assertThat(m.hops()).extracting(Multipath.Level::answered).containsExactly(1, at(m, 2).size() == 2 ? 11 : 6, 6, 6, 1);
            assertThat(m.nanos()).as("salt %d: %s", salt, m).isLessThan(S / 2);
        }
    }

    @Test
    void aWidthFourDiamondShowsAllFour() throws Exception {
        FakeNetwork net = FakeNetwork.diamonds(2, 1, 4, 1);
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(m.hop(2).answered()).isEqualTo(21);
        // 21 answers from four routers: at times one is out of its burst of 6 and the scan waits for a refill.
        assertThat(m.nanos()).as("time on the virtual clock").isLessThan(4 * S);
    }

    @Test
    void aMeshedDiamondShowsEveryLinkByFullMdaAtTheMeshedHop() throws Exception {
        FakeNetwork net = FakeNetwork.diamonds(3, 1, 2, 2, 1);  // {a,b} each to both {c,d}
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(at(m, 3)).isEqualTo(net.addressesAt(3));
        assertThat(links(m)).contains("10.0.2.1>10.0.3.1", "10.0.2.1>10.0.3.2", "10.0.2.2>10.0.3.1", "10.0.2.2>10.0.3.2");
    }

    /** r1 → {a, b}; a → {c, d}, b → e; all → f → destination. */
    private static FakeNetwork nested(long salt) {
        return FakeNetwork.diamonds(salt, 1, 2, 3, 1).balance("10.0.2.1", "10.0.3.1", "10.0.3.2").balance("10.0.2.2", "10.0.3.3");
    }

    @Test
    void aNestedDiamondShowsEveryInterface() throws Exception {
        FakeNetwork net = nested(4);
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 3)).isEqualTo(net.addressesAt(3));
        assertThat(links(m)).contains("10.0.2.1>10.0.3.1", "10.0.2.1>10.0.3.2", "10.0.2.2>10.0.3.3")
                .doesNotContain("10.0.2.2>10.0.3.1", "10.0.2.2>10.0.3.2", "10.0.2.1>10.0.3.3");
        assertThat(m.reached()).isTrue();
    }

    /**
     * What a trial of one shape over many hashes found: the runs that missed an interface somewhere, the most runs
     * whose test at any one hop failed (concluded with an interface missing that the hop before's interfaces lead
     * to: what the rule bounds), and the mean probe count.
     */
    private record Trial(int misses, int worstHopMisses, double meanProbes, int runs) {
        double hopMissRate() { return (double) worstHopMisses / runs; }
    }

    private static Trial trial(java.util.function.LongFunction<FakeNetwork> shape, StoppingRule rule, int runs,
                               java.util.function.BiConsumer<FakeNetwork, Multipath> check) throws Exception {
        int misses = 0;
        int[] byHop = new int[32];
        long probes = 0;
        for (int salt = 0; salt < runs; salt++) {
            FakeNetwork net = shape.apply(10_000L + salt);
            Multipath m = scan(net, rule, true);
            assertThat(m.reached()).isTrue();
            boolean complete = true;
            for (Multipath.Level h : m.hops()) {
                if (h.ttl() >= net.destinationHop()) continue;
                if (!at(m, h.ttl()).equals(net.addressesAt(h.ttl()))) complete = false;
                Set<InetAddress> before = h.ttl() == 1 ? Set.of() : at(m, h.ttl() - 1);
                if (!at(m, h.ttl()).equals(net.behind(before, h.ttl()))) byHop[h.ttl()]++;
            }
            if (!complete) misses++;
            probes += m.probes();
            check.accept(net, m);
        }
        return new Trial(misses, java.util.Arrays.stream(byHop).max().orElse(0), (double) probes / runs, runs);
    }

    /**
     * The stated confidence holds, hop by hop: over 2000 differently hashed networks of each shape (no rate
     * limiting), the share of runs whose test at any one hop failed is not above 1 − confidence by more than chance
     * allows (three standard deviations of a miss count at exactly 1 − confidence: a rule that keeps its confidence
     * fails this about once in 700 trials; a width-4 diamond at 99% misses 0.95% of the time, too close to 1% for
     * 2000 runs to tell apart without that margin, whichever flows are drawn); and every run pays
     * what the rule asks, so the mean probe count is the one derived from the rule. A run of a shape with two
     * load-balanced hops can fail at either: its chance of missing something anywhere is up to twice that (printed).
     */
    @Test
    void theConfidenceIsKeptAndThePriceIsTheRules() throws Exception {
        for (double c : new double[] {0.95, 0.99}) {
            StoppingRule rule = new StoppingRule(c);
            int n1 = rule.probes(1), n2 = rule.probes(2), n4 = rule.probes(4);
            // Width 2: hop 1 one answer, hop 2 n2 answers when both show (else n1), hops 3 and 4 n1, the destination 1.
            Trial two = trial(s -> quiet(FakeNetwork.diamonds(s, 1, 2, 1, 1)), rule, 2000,
                    (net, m) -> assertThat(m.probes()).isEqualTo(1 + (at(m, 2).size() == 2 ? n2 : n1) + 2 * n1 + 1));
            // Both branches are missed when all n1 flows hash to one side, 2·2^-n1: the mean follows, give or take
            // three standard deviations of the count of misses.
            double p2 = 2 * Math.pow(0.5, n1), slack = 3 * Math.sqrt(p2 * (1 - p2) / 2000);
            assertThat(two.meanProbes()).isBetween(2 + 2 * n1 + n2 - (n2 - n1) * (p2 + slack), 2 + 2 * n1 + n2 - (n2 - n1) * (p2 - slack));
            // Width 4: at most n4 answers at hop 2 (all four seen), n1 at hop 3.
            Trial four = trial(s -> quiet(FakeNetwork.diamonds(s, 1, 4, 1)), rule, 2000,
                    (net, m) -> assertThat(m.probes()).isLessThanOrEqualTo(1 + n4 + n1 + 1));
            Trial nested = trial(s -> quiet(nested(s)), rule, 2000, (net, m) -> {});
            Trial meshed = trial(s -> quiet(FakeNetwork.diamonds(s, 1, 2, 2, 1)), rule, 2000, (net, m) -> {});
            System.out.printf("%.0f%%: of 2000 runs, missed at the worst hop / anywhere: width 2 %d/%d (mean %.1f probes), width 4 %d/%d (%.1f),"
                    + " nested %d/%d (%.1f), meshed %d/%d (%.1f)%n", c * 100, two.worstHopMisses(), two.misses(), two.meanProbes(),
                    four.worstHopMisses(), four.misses(), four.meanProbes(), nested.worstHopMisses(), nested.misses(), nested.meanProbes(),
                    meshed.worstHopMisses(), meshed.misses(), meshed.meanProbes());
            double margin = 3 * Math.sqrt(c * (1 - c) / 2000);
            for (Trial t : List.of(two, four, nested, meshed))
                assertThat(t.hopMissRate()).as("miss rate at %s: %s", c, t).isLessThan(1 - c + margin);
        }
    }

    /**
     * The lab's diamonds (`ecmp`: r1, two routers, three more, the destination; `wide`: four at hop 2), 300 hashes
     * each. Fresh routers that never run dry: exactly the rule's price (hop 1 one answer, hop 2 n(k) for the k
     * routers found, n(1) at each of hops 3-5, the destination one) — scamper's tracelb pays the same. Linux's
     * rate limit (6, then 1/s): saving probes, the scan sees exactly what it saw unlimited, hash for hash, at
     * that same price, waiting for refills instead (a few seconds at most); saving time (the default), every
     * router it saw unlimited and a few probes more, lost to routers past their burst, in well under a second.
     */
    @Test
    void theLabsDiamondsCostTheRulesPriceAndSavingProbesKeepsItUnderRateLimiting() throws Exception {
        StoppingRule rule = StoppingRule.DEFAULT;
        for (int width : new int[] {2, 4}) {
            int extra = 0;
            for (long salt = 0; salt < 300; salt++) {
                FakeNetwork unlimited = quiet(FakeNetwork.diamonds(salt, 1, width, 1, 1, 1));
                Multipath fresh = scan(unlimited);
                int found = at(fresh, 2).size();
                int price = 1 + rule.probes(found) + 3 * rule.probes(1) + 1;
                assertThat(fresh.probes()).as("width %d salt %d: %s", width, salt, fresh).isEqualTo(price);
                assertThat(fresh.hops()).extracting(Multipath.Level::sent).containsExactly(1, rule.probes(found), 6, 6, 6, 1);

                FakeNetwork limited = FakeNetwork.diamonds(salt, 1, width, 1, 1, 1);
                Multipath thrifty = new MultipathScanner(limited, Options.defaults(), rule, new IcmpBudget(), true)
                        .saving(MdaPlanner.Saving.PROBES).scan(DEST);
                assertThat(thrifty.probes()).as("width %d salt %d, saving probes: %s", width, salt, thrifty).isEqualTo(price);
                assertThat(thrifty.links()).isEqualTo(fresh.links());
                // At most one refill per answer past one router's burst.
                assertThat(thrifty.nanos()).as("refills waited for").isLessThanOrEqualTo((rule.probes(found) - IcmpBudget.LINUX_BURST + 1) * S);

                Multipath fast = scan(FakeNetwork.diamonds(salt, 1, width, 1, 1, 1));
                assertThat(at(fast, 2)).as("width %d salt %d, saving time: %s", width, salt, fast).containsAll(at(fresh, 2));
                assertThat(fast.nanos()).isLessThan(S / 2);
                extra += fast.probes() - fresh.probes();
            }
            System.out.printf("width %d, saving time: %.2f probes more than the rule's price on average%n", width, extra / 300.0);
            assertThat(extra / 300.0).as("width %d: mean probes lost to routers past their burst", width).isLessThan(width == 2 ? 2 : 5);
        }
    }

    /** A router whose bucket another tool emptied is found after its refill, not reported silent. */
    @Test
    void aDrainedRouterIsWaitedForNotCalledSilent() throws Exception {
        FakeNetwork net = FakeNetwork.diamonds(5, 1, 1, 1);
        net.exhausted(FakeNetwork.ip("10.0.2.1"));
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).containsExactly(FakeNetwork.ip("10.0.2.1"));
        assertThat(m.reached()).isTrue();
    }

    /**
     * One branch drained by another tool a moment before: its flows go unanswered while the other branch answers.
     * The scan sends those same flows again after a refill instead of concluding "one branch" — so it finds the
     * drained branch whenever it would have found it fresh, seed for seed, for a few probes more.
     */
    @Test
    void aBranchAnotherToolDrainedIsFoundAfterItsRefill() throws Exception {
        int found = 0, probes = 0;
        for (long salt = 0; salt < 200; salt++) {
            Multipath fresh = scan(FakeNetwork.diamonds(salt, 1, 2, 1, 1));
            FakeNetwork net = FakeNetwork.diamonds(salt, 1, 2, 1, 1);
            net.exhausted(FakeNetwork.ip("10.0.2.2"));
            Multipath drained = scan(net);
            assertThat(at(drained, 2)).as("salt %d: %s", salt, drained).containsAll(at(fresh, 2));
            // Flows that hash to the drained router go unanswered until it refills: about twice the rule's 25 at worst.
            assertThat(drained.probes()).as("salt %d: what the drained router's silence cost", salt).isLessThan(60);
            probes += drained.probes();
            if (at(drained, 2).size() == 2) {
                found++;
                // Once the scan knows the routers were drained it takes one answer a second from each, their refill
                // pace: the ten or so answers the rule still needs cost about five seconds.
                assertThat(drained.nanos()).as("a few refills, not more").isLessThan(9 * S);
            }
        }
        assertThat(found).isGreaterThan(190);
        assertThat(probes / 200.0).as("mean probes").isLessThan(40);
    }

    /** A router that never answers is silent after one re-probe a refill period later: it costs about a second. */
    @Test
    void aSilentRouterCostsOneRefillAtMost() throws Exception {
        FakeNetwork net = FakeNetwork.diamonds(6, 1, 1, 1).behave("10.0.2.1", Behaviour.SILENT);
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(m.hop(2).silent()).isTrue();
        assertThat(m.hop(2).sent()).isEqualTo(7);
        assertThat(m.reached()).isTrue();
        assertThat(m.nanos()).isBetween(S, 3 * S / 2);
        assertThat(m.text()).contains(" 2  * * *\n");
    }

    /** A branch that never answers: its flows are sent once more after a refill, then the hop ends without them. */
    @Test
    void aSilentBranchCostsOneRefill() throws Exception {
        FakeNetwork net = FakeNetwork.diamonds(8, 1, 2, 1).behave("10.0.2.2", Behaviour.SILENT);
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).containsExactly(FakeNetwork.ip("10.0.2.1"));
        assertThat(m.reached()).isTrue();
        assertThat(m.nanos()).isBetween(S, 3 * S / 2);
    }

    @Test
    void theTextListsEveryInterfaceOfAHopOnItsLineThenTheLinks() throws Exception {
        Multipath m = scan(quiet(FakeNetwork.diamonds(1, 1, 2, 1)));
        List<String> lines = m.text().lines().toList();
        assertThat(lines.get(0)).startsWith("multipath to 10.9.9.9 (MDA, 95% confidence per hop), udp: " + m.probes() + " probes in ");
        assertThat(lines.get(2)).startsWith(" 2  10.0.2.").contains("10.0.2.1  ", "10.0.2.2  ");
        assertThat(lines).contains("links:", " 3 10.0.3.1 -> 10.9.9.9").containsAnyOf(" 1 10.0.1.1 -> 10.0.2.1, 10.0.2.2", " 1 10.0.1.1 -> 10.0.2.2, 10.0.2.1");
        assertThat(m.json()).startsWith("{\"type\": \"mda\", \"dst_addr\": \"10.9.9.9\", \"proto\": \"UDP\", \"confidence\": \"95%\"")
                .contains("{\"hop\": 2, \"from\": \"10.0.1.1\", \"to\": \"10.0.2.2\"}")
                .contains("{\"hop\": 1, \"sent\": 1, \"phases\": {\"first\": 1}, ", "{\"hop\": 2, \"sent\": 11, \"phases\": {\"first\": 1, \"rule\": 10}, ");
    }
}
