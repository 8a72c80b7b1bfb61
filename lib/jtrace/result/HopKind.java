package jtrace.result;

/** How a hop answered over a whole watch (mtr's rounds): what its row shows where the numbers alone would mislead. */
public enum HopKind {
    /** At least one answer. */
    ANSWERS,
    /** Never answered, but hops behind it did: a router that sends no ICMP — not packet loss. */
    SILENT_ROUTER,
    /** Never answered and nothing behind it did: the end of what can be seen. */
    NO_REPLY
}
