package jtrace.names;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Who announces an address on the Internet: its origin AS (more than one when several announce the prefix),
 * the announced prefix, its country and registry, as Team Cymru's IP-to-ASN service reports them.
 *
 * @param asns     origin AS numbers, usually one
 * @param prefix   the BGP prefix the address is in ("" if not given)
 * @param country  ISO country code ("" if not given)
 * @param registry RIR ("ripencc", "arin"…; "" if not given)
 */
public record Origin(List<Long> asns, String prefix, String country, String registry) {
    public Origin {
        asns = List.copyOf(asns);
        if (asns.isEmpty()) throw new IllegalArgumentException("an origin needs at least one AS number");
    }

    /** traceroute -A's label: {@code AS64501}, or {@code AS64501/AS64502} for several origins. */
    public String label() { return asns.stream().map(a -> "AS" + a).collect(Collectors.joining("/")); }

    @Override
    public String toString() { return label() + (prefix.isEmpty() ? "" : " " + prefix); }
}
