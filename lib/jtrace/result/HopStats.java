package jtrace.result;

/**
 * mtr's numbers for one hop, as a value: probes sent, still in flight, answered; and the round trips of the
 * answers. Each event returns a new value, so a snapshot never changes under the screen that shows it.
 *
 * <ul>
 *   <li>Loss% = lost / (sent − in flight): a probe still waiting for its answer is not lost yet (mtr's rule).</li>
 *   <li>Avg and StDev by Welford's one-pass update (stable for long runs); StDev is the sample deviation.</li>
 *   <li>Jitter (mtr): |rtt − previous rtt| of consecutive answers, 0 for the first; Javg its running mean over
 *       the answers, Jmax its worst, Jint RFC 3550's interarrival jitter {@code J += (|D| − J) / 16}.</li>
 * </ul>
 * Times are milliseconds; NaN where there is no answer yet.
 *
 * @param sent       probes sent for this hop
 * @param inFlight   of those, still waiting for an answer or a timeout
 * @param received   answered
 * @param last       round trip of the latest answer
 * @param mean       mean round trip (Avg)
 * @param m2         Welford's sum of squared deviations from the mean
 * @param best       fastest answer
 * @param worst      slowest answer
 * @param jitter     |last − the answer before it|
 * @param jitterMean mean jitter (mtr's Javg)
 * @param jitterMax  worst jitter (mtr's Jmax)
 * @param interarrival RFC 3550 smoothed jitter (mtr's Jint)
 */
public record HopStats(int sent, int inFlight, int received, double last, double mean, double m2,
                       double best, double worst, double jitter, double jitterMean, double jitterMax,
                       double interarrival) {

    /** Nothing sent yet. */
    public static final HopStats NONE = new HopStats(0, 0, 0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** A probe left for this hop. */
    public HopStats send() {
        return new HopStats(sent + 1, inFlight + 1, received, last, mean, m2, best, worst, jitter, jitterMean,
                jitterMax, interarrival);
    }

    /** A probe in flight was answered after {@code rtt} ms. */
    public HopStats answer(double rtt) {
        requireInFlight();
        if (!(rtt >= 0) || Double.isInfinite(rtt)) throw new IllegalArgumentException("round trip must be >= 0 ms, got " + rtt);
        int n = received + 1;
        double j = received == 0 ? 0 : Math.abs(rtt - last);
        double oldMean = received == 0 ? 0 : mean;
        double newMean = oldMean + (rtt - oldMean) / n;
        double newM2 = m2 + (rtt - oldMean) * (rtt - newMean);
        double oldJitterMean = received == 0 ? 0 : jitterMean;
        double oldInterarrival = received == 0 ? 0 : interarrival;
        return new HopStats(sent, inFlight - 1, n, rtt, newMean, newM2,
                received == 0 ? rtt : Math.min(best, rtt), received == 0 ? rtt : Math.max(worst, rtt),
                j, oldJitterMean + (j - oldJitterMean) / n, received == 0 ? j : Math.max(jitterMax, j),
                oldInterarrival + (j - oldInterarrival) / 16);
    }

    /** A probe in flight timed out: lost. */
    public HopStats lose() {
        requireInFlight();
        return new HopStats(sent, inFlight - 1, received, last, mean, m2, best, worst, jitter, jitterMean, jitterMax,
                interarrival);
    }

    /** A probe in flight turned out not to be this hop's (it went past the end of the route): uncount it. */
    public HopStats withdraw() {
        requireInFlight();
        return new HopStats(sent - 1, inFlight - 1, received, last, mean, m2, best, worst, jitter, jitterMean,
                jitterMax, interarrival);
    }

    private void requireInFlight() {
        if (inFlight <= 0) throw new IllegalStateException("no probe in flight for this hop");
    }

    /** Probes whose time is up without an answer. */
    public int lost() { return sent - inFlight - received; }

    /** Lost as a percentage of the probes that are settled (answered or timed out); 0 when none are. */
    public double lossPercent() {
        int settled = sent - inFlight;
        return settled == 0 ? 0 : 100.0 * lost() / settled;
    }

    /** Sample variance of the round trips (ms²); 0 below two answers. */
    public double variance() { return received > 1 ? m2 / (received - 1) : 0; }

    /** Sample standard deviation (mtr's StDev); 0 below two answers. */
    public double stdev() { return Math.sqrt(variance()); }

    @Override
    public String toString() {
        return String.format("sent %d, in flight %d, answered %d, loss %.1f%%, last %.3f avg %.3f best %.3f worst %.3f"
                + " stdev %.3f ms, jitter %.3f avg %.3f max %.3f int %.3f ms", sent, inFlight, received, lossPercent(),
                last, mean, best, worst, stdev(), jitter, jitterMean, jitterMax, interarrival);
    }
}
