package jtrace.multipath;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jtrace.Multipath;
import jtrace.MultipathScanner;
import jtrace.Options;
import org.junit.jupiter.api.Test;

/**
 * MDA on known load-balanced networks (virtual clock): it finds every interface and link of diamonds of width 2
 * and 4, nested and meshed, at no more cost than its stopping rule asks, and rate limiting neither hides a router
 * nor costs more than a refill.
 */
class MultipathScannerTest {
    private static final InetAddress DEST = DiamondNetwork.ip("10.9.9.9");

    private static Multipath scan(DiamondNetwork net) throws Exception {
        return scan(net, StoppingRule.DEFAULT);
    }

    private static Multipath scan(DiamondNetwork net, StoppingRule rule) throws Exception {
        return new MultipathScanner(net, Options.defaults(), rule).scan(DEST);
    }

    private static Set<InetAddress> at(Multipath m, int ttl) {
        return m.hop(ttl).interfaces().stream().map(Multipath.Interface::address).collect(Collectors.toSet());
    }

    private static Set<String> links(Multipath m) {
        return m.links().stream().map(l -> l.from().getHostAddress() + ">" + l.to().getHostAddress()).collect(Collectors.toSet());
    }

    @Test
    void aWidthTwoDiamondShowsBothBranchesAndAllFourLinksForTheRulesPrice() throws Exception {
        DiamondNetwork net = DiamondNetwork.layered(1, 1, 2, 1, 1);  // r1, {a, b}, r3, r4, dest
        net.rateLimit = false;
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(m.reached()).isTrue();
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(links(m)).containsExactlyInAnyOrder("10.0.1.1>10.0.2.1", "10.0.1.1>10.0.2.2", "10.0.2.1>10.0.3.1",
                "10.0.2.2>10.0.3.1", "10.0.3.1>10.0.4.1", "10.0.4.1>10.9.9.9");
        // The rule's price per hop: 6 answers to rule out a second interface, 11 a third; the destination's first answer ends it.
        assertThat(m.hops()).extracting(Multipath.Level::answered).containsExactly(6, 11, 6, 6, 1);
        assertThat(m.probes()).as("every probe answered: the rule's price and nothing more").isEqualTo(30);
        assertThat(m.width()).isEqualTo(2);
    }

    /**
     * Routers that meter their answers (6, then 1/s): a hop that needs 11 answers from two routers may find one of
     * them spent; the scan keeps probing the other instead of waiting, so rate limiting costs a few probes, no second.
     */
    @Test
    void rateLimitingCostsAFewProbesNotARefill() throws Exception {
        int complete = 0;
        for (long salt = 1; salt <= 20; salt++) {
            DiamondNetwork net = DiamondNetwork.layered(salt, 1, 2, 1, 1);
            Multipath m = scan(net);
            if (at(m, 2).equals(net.addressesAt(2))) complete++;
            // Six flows all on one branch (1 in 32) is the rule's own miss: 6 answers then suffice at hop 2.
            assertThat(m.hops()).extracting(Multipath.Level::answered).containsExactly(6, at(m, 2).size() == 2 ? 11 : 6, 6, 6, 1);
            assertThat(m.nanos()).as("salt %d: %s", salt, m).isLessThan(500_000_000L);
        }
        assertThat(complete).as("complete of 20").isGreaterThanOrEqualTo(19);
    }

    @Test
    void aWidthFourDiamondShowsAllFour() throws Exception {
        DiamondNetwork net = DiamondNetwork.layered(2, 1, 4, 1);
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(m.hop(2).answered()).isEqualTo(21);
        // 21 answers from four routers: at times each is out of its burst of 6 and the scan waits for a refill.
        assertThat(m.nanos()).as("time on the virtual clock").isLessThan(4_000_000_000L);
    }

    @Test
    void aMeshedDiamondShowsEveryLinkByFullMdaAtTheMeshedHop() throws Exception {
        DiamondNetwork net = DiamondNetwork.layered(3, 1, 2, 2, 1);  // {a,b} each to both {c,d}
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).isEqualTo(net.addressesAt(2));
        assertThat(at(m, 3)).isEqualTo(net.addressesAt(3));
        assertThat(links(m)).contains("10.0.2.1>10.0.3.1", "10.0.2.1>10.0.3.2", "10.0.2.2>10.0.3.1", "10.0.2.2>10.0.3.2");
    }

    @Test
    void aNestedDiamondShowsEveryInterface() throws Exception {
        DiamondNetwork net = new DiamondNetwork("10.9.9.9", 4)
                .router("r1", 1, "10.0.1.1", "a", "b")
                .router("a", 2, "10.0.2.1", "c", "d")
                .router("b", 2, "10.0.2.2", "e")
                .router("c", 3, "10.0.3.1", "f")
                .router("d", 3, "10.0.3.2", "f")
                .router("e", 3, "10.0.3.3", "f")
                .router("f", 4, "10.0.4.1", "dest");
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 3)).isEqualTo(net.addressesAt(3));
        assertThat(links(m)).contains("10.0.2.1>10.0.3.1", "10.0.2.1>10.0.3.2", "10.0.2.2>10.0.3.3")
                .doesNotContain("10.0.2.2>10.0.3.1", "10.0.2.2>10.0.3.2", "10.0.2.1>10.0.3.3");
        assertThat(m.reached()).isTrue();
    }

    /**
     * The stated confidence holds: over 2000 differently hashed width-4 diamonds, the share that shows all four
     * interfaces is the confidence or better, give or take three standard deviations of the count.
     */
    @Test
    void theConfidenceIsKept() throws Exception {
        for (double c : new double[] {0.95, 0.99}) {
            int complete = 0, runs = 2000;
            for (int salt = 0; salt < runs; salt++) {
                DiamondNetwork net = DiamondNetwork.layered(1000 + salt, 1, 4, 1);
                net.rateLimit = false;
                if (at(scan(net, new StoppingRule(c)), 2).size() == 4) complete++;
            }
            double slack = 3 * Math.sqrt(runs * c * (1 - c));
            System.out.printf("%.0f%%: %d of %d complete%n", c * 100, complete, runs);
            assertThat(complete).as("complete at %s", c).isGreaterThanOrEqualTo((int) Math.floor(c * runs - slack));
        }
    }

    /** A router whose bucket another tool emptied is found after its refill, not reported silent. */
    @Test
    void aDrainedRouterIsWaitedForNotCalledSilent() throws Exception {
        DiamondNetwork net = DiamondNetwork.layered(5, 1, 1, 1).drained("h2.0");
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(at(m, 2)).containsExactly(DiamondNetwork.ip("10.0.2.1"));
        assertThat(m.reached()).isTrue();
    }

    /** A router that never answers is silent after one re-probe a refill period later: it costs about a second. */
    @Test
    void aSilentRouterCostsOneRefillAtMost() throws Exception {
        DiamondNetwork net = DiamondNetwork.layered(6, 1, 1, 1).silent("h2.0");
        Multipath m = scan(net);
        System.out.print(m);
        assertThat(m.hop(2).silent()).isTrue();
        assertThat(m.hop(2).sent()).isEqualTo(7);
        assertThat(m.reached()).isTrue();
        assertThat(m.nanos()).isBetween(1_000_000_000L, 1_500_000_000L);
        assertThat(m.text()).contains(" 2  * * *\n");
    }

    @Test
    void theTextListsEveryInterfaceOfAHopOnItsLineThenTheLinks() throws Exception {
        Multipath m = scan(DiamondNetwork.layered(1, 1, 2, 1));
        List<String> lines = m.text().lines().toList();
        assertThat(lines.get(0)).startsWith("multipath to 10.9.9.9 (MDA, 95% confidence), udp: " + m.probes() + " probes in ");
        assertThat(lines.get(2)).startsWith(" 2  10.0.2.").contains("10.0.2.1  ", "10.0.2.2  ");
        assertThat(lines).contains("links:", " 3 10.0.3.1 -> 10.9.9.9").containsAnyOf(" 1 10.0.1.1 -> 10.0.2.1, 10.0.2.2", " 1 10.0.1.1 -> 10.0.2.2, 10.0.2.1");
        assertThat(m.json()).startsWith("{\"type\": \"mda\", \"dst_addr\": \"10.9.9.9\", \"proto\": \"UDP\", \"confidence\": \"95%\"")
                .contains("{\"hop\": 2, \"from\": \"10.0.1.1\", \"to\": \"10.0.2.2\"}");
    }
}
