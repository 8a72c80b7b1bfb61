package jtrace.engine;

/**
 * What a policy asks the engine to send: one probe with this TTL on this flow. The engine picks its sequence.
 *
 * @param ttl     the TTL
 * @param flow    the flow, or {@link #NEW_FLOW}: the method's classic mapping, a new flow with every probe
 * @param purpose why it is sent, kept with the probe so that results can tell extra probes apart
 */
public record Request(int ttl, int flow, Purpose purpose) {
    /** The classic methods' flow: it changes with every probe (UDP: the destination port). */
    public static final int NEW_FLOW = -1;

    /** Why a probe was sent. Only {@link #REGULAR} probes are the -q columns of a hop line. */
    public enum Purpose {
        /** One of the hop's -q probes. */
        REGULAR,
        /** A probe sent after the fact to a silent hop, to tell rate limiting from silence. */
        RECHECK,
        /** A probe of multipath discovery (MDA), on a flow of its choosing. */
        MULTIPATH
    }

    public static Request regular(int ttl) { return new Request(ttl, NEW_FLOW, Purpose.REGULAR); }

    public static Request recheck(int ttl) { return new Request(ttl, NEW_FLOW, Purpose.RECHECK); }
}
