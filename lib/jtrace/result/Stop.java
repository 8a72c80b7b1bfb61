package jtrace.result;

/** Why a trace ended. Every trace ends for exactly one of these reasons, and says which. */
public enum Stop {
    /** The destination answered (echo reply, port unreachable, or another answer from it). */
    REACHED,
    /** A router (or the destination) said the destination cannot be reached: !H, !N, !X… */
    UNREACHABLE,
    /** The max TTL (-m) was probed without reaching the destination. */
    MAX_TTL,
    /** Too many silent hops in a row after the last one that answered (--gap). */
    GAP_LIMIT,
    /** A probe could not be sent (a local firewall, no route): the last hop says why ({@code Hop.error()}). */
    SEND_FAILED
}
