package jtrace.multipath;

/**
 * MDA's stopping rule (Veitch, Augustin, Friedman, Teixeira, INFOCOM 2009): having seen {@code k} next hops
 * of a router (or, for MDA-Lite, of a hop), how many answered probes on distinct flows it takes to conclude,
 * with the given confidence, that there is no {@code k+1}th. If there were k+1 equally likely next hops, n
 * flows would miss at least one of them with probability (inclusion–exclusion over which ones are missed)
 * {@code Σ_{j=1..k} (−1)^(j+1) C(k+1, j) ((k+1−j)/(k+1))^n}; n is the smallest that keeps this at most
 * {@code 1 − confidence}. At 95%: 6, 11, 16, 21, 27, 33, 38, 44, 51, 57, 63 probes for k = 1..11, the
 * published table.
 *
 * @param confidence the probability of having found every next hop, 0.5 ≤ confidence &lt; 1 (0.95 by default)
 */
public record StoppingRule(double confidence) {
    public static final StoppingRule DEFAULT = new StoppingRule(0.95);

    public StoppingRule {
        if (!(confidence >= 0.5 && confidence < 1))
            throw new IllegalArgumentException("confidence must be 50..99.9%, not " + percentText(confidence) + "%");
    }

    /** The rule at {@code percent}% (95, 99…). */
    public static StoppingRule percent(double percent) { return new StoppingRule(percent / 100); }

    /**
     * Answered probes on distinct flows, through the same predecessor, that rule out one more next hop once
     * {@code seen} (≥ 1; 0 counts as 1) have shown up.
     */
    public int probes(int seen) {
        int k = Math.max(1, Math.min(seen, MAX_SEEN));
        int n = k;
        while (missChance(k, n) > 1 - confidence) n++;
        return n;
    }

    /** Beyond this many next hops the alternating sum loses precision; no router balances over more. */
    static final int MAX_SEEN = 48;

    /** The chance that n flows over k+1 equally likely next hops miss at least one of them. */
    static double missChance(int k, int n) {
        double sum = 0, choose = 1;  // C(k+1, j), built up term by term
        for (int j = 1; j <= k; j++) {
            choose = choose * (k + 2 - j) / j;
            double term = choose * Math.pow((double) (k + 1 - j) / (k + 1), n);
            sum += (j % 2 == 1) ? term : -term;
        }
        return sum;
    }

    /** "95%" or "99.5%". */
    public String text() { return percentText(confidence) + "%"; }

    private static String percentText(double c) {
        double p = Math.round(c * 1000) / 10.0;
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }
}
