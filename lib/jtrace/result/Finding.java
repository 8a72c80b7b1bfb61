package jtrace.result;

/**
 * Something the scanner noticed about a trace and what it did about it, as data: the text renderer turns each
 * into a "note:" sentence, JSON and tests read the fields.
 */
public sealed interface Finding {
    /** A hop that answered some of its -q probes and not the others: ICMP rate limiting, not packet loss. */
    record PartialAnswers(int ttl, int answered, int sent) implements Finding {}

    /**
     * Hop {@code ttl} answered none of its -q probes, but did answer one more sent once its ICMP budget had refilled:
     * a router rate-limiting its errors (an earlier trace spent them), not a silent one. Its hop line says rate-limited.
     */
    record RateLimited(int ttl) implements Finding {}

    /** Hop {@code ttl} answered neither its -q probes nor one more sent once a rate-limited router would have answered: it sends no ICMP. */
    record SilentRouter(int ttl) implements Finding {}

    /** Not one of the {@code sent} probes drew an answer, from any host: nothing there to wait out or re-probe. */
    record NothingAnswered(int sent) implements Finding {}

    /** Silent hops {@code first}..{@code last} got one more probe each after a rate-limit period: still nothing. */
    record StillSilent(int first, int last) implements Finding {}

    /** Silent hops {@code first}..{@code last} got one more probe each, and the destination answered at {@code found}. */
    record FoundAfterSilence(int first, int last, int found) implements Finding {}

    /** The destination first answered at {@code heard}, its reply TTL said {@code distance}; re-probes found it at {@code found}. */
    record DestinationNearer(int heard, int distance, int found) implements Finding {}

    /**
     * Hop {@code ttl} is the first behind a NAT: what its routers quoted of our probes carries a UDP checksum that
     * the hops before never quoted (Dublin traceroute's test; root, UDP, IPv4).
     */
    record BehindNat(int ttl) implements Finding {}

    /** The reply TTL put the destination {@code distance} hops away, not {@code heard}, but re-probes found nothing nearer. */
    record LongerReturnPath(int distance, int heard) implements Finding {}

    /**
     * Hops {@code first}..{@code last} were not probed for this target: they are those of the trace to {@code from}
     * (a multi-target run). {@code router} met again at hop {@code metAt} (Doubletree's stop set), or, with
     * {@code metAt} -1, {@code from} is in the same prefix and its destination answered from as far away.
     */
    record Reused(int first, int last, java.net.InetAddress from, java.net.InetAddress router, int metAt) implements Finding {}
}
