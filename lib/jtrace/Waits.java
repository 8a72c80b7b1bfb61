package jtrace;

/**
 * How long the classic scanner waits: traceroute's -w MAX,HERE,NEAR for each probe, and when answers have stalled
 * (then the window opens to the gap limit). Every wait is capped by -w MAX.
 */
final class Waits {
    /** Past the farthest answer, wait at least this long: one more hop is rarely a second further away. */
    static final long FAR_WAIT_FLOOR = 1_000_000_000L;
    /** Answers have stalled after NEAR x the slowest RTT, but not before this. */
    static final long STALL_FLOOR = 10_000_000L;
    /** Before any answer there is no RTT to go by: answers have stalled after this. */
    static final long STALL_BEFORE_ANY_ANSWER = 5 * STALL_FLOOR;

    private final Options options;
    private long lastAnswerAt, slowestRtt;

    /** Waits for a trace that starts at {@code start}: answers stall from then on until the first comes. */
    Waits(Options options, long start) {
        this.options = options;
        this.lastAnswerAt = start;
    }

    /** An answer came: the stall clock starts again, and a slower round trip makes NEAR x waits longer. */
    void answered(HopLedger.Slot slot) {
        lastAnswerAt = Math.max(lastAnswerAt, slot.reply.received());
        slowestRtt = Math.max(slowestRtt, slot.rtt());
    }

    /** The slowest round trip answered so far, 0 before any answer. */
    long slowestRtt() { return slowestRtt; }

    /** When answers count as stalled if none comes before: the stall wait after the last answer. */
    long stalledAt() { return lastAnswerAt + stall(slowestRtt); }

    /**
     * -w MAX,HERE,NEAR: HERE x the RTT seen at this hop, else NEAR x the RTT of a later hop. Past every answer, NEAR x
     * the slowest RTT so far but at least FAR_WAIT_FLOOR — never MAX for each silent hop.
     */
    long forProbe(HopLedger ledger, int ttl, int highestAnswer) {
        long max = seconds(options.waitMax());
        long here = ledger.slowestAnswer(ttl);
        if (here > 0) return Math.min(max, (long) (options.waitHere() * here));
        for (int t = ttl + 1; t <= highestAnswer; t++) {
            long near = ledger.slowestAnswer(t);
            if (near > 0) return Math.min(max, (long) (options.waitNear() * near));
        }
        long slowest = 0;
        for (int t = options.firstTtl(); t < ttl; t++) slowest = Math.max(slowest, ledger.slowestAnswer(t));
        return Math.min(max, Math.max(FAR_WAIT_FLOOR, (long) (options.waitNear() * slowest)));
    }

    /** How long without a new answer counts as stalled: NEAR x the slowest RTT, within floors, never past MAX. */
    private long stall(long slowestRtt) {
        long stall = slowestRtt == 0 ? STALL_BEFORE_ANY_ANSWER : Math.max(STALL_FLOOR, (long) (options.waitNear() * slowestRtt));
        return Math.min(stall, seconds(options.waitMax()));
    }

    static long seconds(double s) { return (long) (s * 1e9); }
}
