package jtrace.multipath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {
    /** The MDA paper's table (and scamper's), n_k for k = 1..11 next hops seen. */
    @Test
    void theRuleGivesThePublishedTables() {
        assertThat(IntStream.rangeClosed(1, 11).map(StoppingRule.percent(95)::probes).toArray())
                .containsExactly(6, 11, 16, 21, 27, 33, 38, 44, 51, 57, 63);
        assertThat(IntStream.rangeClosed(1, 11).map(StoppingRule.percent(99)::probes).toArray())
                .containsExactly(8, 15, 21, 28, 36, 43, 51, 58, 66, 74, 82);
    }

    /** What the bound promises, checked by its own definition: n probes suffice, n − 1 do not. */
    @Test
    void eachBoundIsTheSmallestThatKeepsTheMissChanceUnderOneMinusTheConfidence() {
        for (double c : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            StoppingRule rule = new StoppingRule(c);
            for (int k = 1; k <= 20; k++) {  // n-1 may be k-1 < k: no n below k can see k+1 hops anyway
                int n = rule.probes(k);
                assertThat(miss(k, n)).as("k=%d n=%d at %s", k, n, c).isLessThanOrEqualTo(1 - c + 1e-12);
                assertThat(miss(k, n - 1)).as("k=%d n-1=%d at %s", k, n - 1, c).isGreaterThan(1 - c);
            }
        }
    }

    /** The miss chance by brute force: every assignment of n flows to k+1 next hops, counted (small cases). */
    private static double miss(int k, int n) { return StoppingRule.missChance(k, n); }

    @Test
    void theMissChanceAgreesWithCountingEveryAssignment() {
        for (int k = 1; k <= 3; k++) {
            for (int n = 1; n <= 9; n++) {
                int hops = k + 1;
                long all = (long) Math.pow(hops, n), missing = 0;
                for (long a = 0; a < all; a++) {
                    int seen = 0;
                    for (long x = a, i = 0; i < n; i++, x /= hops) seen |= 1 << (x % hops);
                    if (seen != (1 << hops) - 1) missing++;
                }
                assertThat(StoppingRule.missChance(k, n)).as("k=%d n=%d", k, n).isCloseTo((double) missing / all, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void noNextHopSeenYetCountsAsOne() {
        assertThat(StoppingRule.DEFAULT.probes(0)).isEqualTo(6);
    }

    @Test
    void theConfidenceIsAProbabilityWorthStating() {
        assertThat(StoppingRule.DEFAULT.text()).isEqualTo("95%");
        assertThat(StoppingRule.percent(99.5).text()).isEqualTo("99.5%");
        assertThatThrownBy(() -> StoppingRule.percent(100)).hasMessage("confidence must be 50..99.9%, not 100%");
        assertThatThrownBy(() -> StoppingRule.percent(20)).hasMessage("confidence must be 50..99.9%, not 20%");
    }
}
