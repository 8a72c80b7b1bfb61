package jtrace.render;

import java.util.ArrayList;
import java.util.List;
import jtrace.result.Finding;

/** The scanner's findings in words: the "note:" lines under a trace. */
public final class Notes {
    private Notes() {}

    private static final String RATE_LIMITING = "hosts rate-limit their ICMP errors (Linux: a small burst, then about one a second)";

    /** One sentence per finding, except that hops of one kind (answered only some probes, rate-limited, silent routers) share one. */
    public static List<String> of(List<Finding> findings) {
        List<String> notes = new ArrayList<>();
        List<Finding.PartialAnswers> partial = new ArrayList<>();
        List<Integer> rateLimited = new ArrayList<>(), silent = new ArrayList<>();
        for (Finding f : findings) {
            if (f instanceof Finding.PartialAnswers p) partial.add(p);
            else if (f instanceof Finding.RateLimited r) rateLimited.add(r.ttl());
            else if (f instanceof Finding.SilentRouter r) silent.add(r.ttl());
            else notes.add(sentence(f));
        }
        if (!rateLimited.isEmpty()) notes.add(rateLimited(rateLimited));
        if (!silent.isEmpty()) notes.add(silentRouters(silent));
        if (!partial.isEmpty()) notes.add(partial(partial));
        return notes;
    }

    private static String rateLimited(List<Integer> ttls) {
        return listed(ttls) + " answered none of " + (ttls.size() == 1 ? "its" : "their") + " probes, but one more sent once a"
                + " rate limit had refilled (about a second later): rate-limited, not silent — " + RATE_LIMITING
                + ", and a trace just before spent them";
    }

    private static String silentRouters(List<Integer> ttls) {
        return listed(ttls) + " stayed silent even to one more probe sent once a rate limit would have refilled: "
                + (ttls.size() == 1 ? "a router that sends" : "routers that send") + " no ICMP errors to us (or a filter drops them)";
    }

    /** "hop 3", "hops 3, 4". */
    private static String listed(List<Integer> ttls) {
        return (ttls.size() == 1 ? "hop " : "hops ") + String.join(", ", ttls.stream().map(String::valueOf).toList());
    }

    public static String sentence(Finding f) {
        if (f instanceof Finding.PartialAnswers p) return partial(List.of(p));
        if (f instanceof Finding.RateLimited r) return rateLimited(List.of(r.ttl()));
        if (f instanceof Finding.SilentRouter r) return silentRouters(List.of(r.ttl()));
        if (f instanceof Finding.NothingAnswered n) return "no answer to any of the " + n.sent() + " probes, from any host:"
                + " something drops them or their answers (a firewall), or they leave where no host is (check -i, -s and the route)";
        if (f instanceof Finding.StillSilent s) return String.format("%s: one more probe each, sent once a rate-limiting host would have"
                    + " answered again, got no answer either", hops(s.first(), s.last()));
        if (f instanceof Finding.FoundAfterSilence s) return String.format("%s were silent; a last probe after the rate-limit period found"
                    + " the destination at hop %d: it was rate-limiting ICMP errors", hops(s.first(), s.last()), s.found());
        if (f instanceof Finding.DestinationNearer d) return String.format("the destination first answered at hop %d, but its reply TTL put"
                    + " it %d hops away: it was rate-limiting ICMP errors; probing again found it at hop %d", d.heard(), d.distance(), d.found());
        if (f instanceof Finding.LongerReturnPath l) return String.format("the destination's reply TTL puts it %d hops away, not %d, but"
                    + " re-probing the silent hops found nothing: the return path may be longer than the way there", l.distance(), l.heard());
        if (f instanceof Finding.Reused r) return String.format("%s not probed again: they are those of the trace to %s, %s",
                    r.first() == r.last() ? "hop " + r.first() + " was" : "hops " + r.first() + "-" + r.last() + " were",
                    jtrace.packet.AddressText.of(r.from()), r.metAt() < 0 ? "whose destination is in the same prefix and answered from as"
                            + " many hops away" : "which met the same router" + (r.router() == null ? "" : ", "
                            + jtrace.packet.AddressText.of(r.router()) + ",") + " at hop " + r.metAt() + " (Doubletree's stop set)");
        if (f instanceof Finding.BehindNat n) return String.format("hop %d [NAT]: the first hop behind a NAT — the UDP checksum its"
                    + " routers quoted of our probes is one the hops before never quoted, so something rewrote the probes in"
                    + " between (Dublin traceroute's test)", n.ttl());
        throw new AssertionError("a finding without words: " + f);
    }

    private static String hops(int first, int last) { return first == last ? "hop " + first : "hops " + first + "-" + last; }

    /** "hop 2 answered 2 of 3 probes: …", or for several hops "hops 1 (1 of 5), 2 (1 of 5) answered only some probes: …". */
    private static String partial(List<Finding.PartialAnswers> hops) {
        String tail = ": " + RATE_LIMITING + ", so a * there is not a lost packet";
        if (hops.size() == 1) {
            Finding.PartialAnswers p = hops.get(0);
            return String.format("hop %d answered %d of %d probes", p.ttl(), p.answered(), p.sent()) + tail;
        }
        List<String> each = new ArrayList<>();
        for (Finding.PartialAnswers p : hops) each.add(p.ttl() + " (" + p.answered() + " of " + p.sent() + ")");
        return "hops " + String.join(", ", each) + " answered only some of their probes" + tail;
    }
}
