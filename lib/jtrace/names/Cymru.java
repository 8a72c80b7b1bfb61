package jtrace.names;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Team Cymru's IP-to-ASN service over DNS (what mtr -z and traceroute -A's DNS modes use): the TXT record of
 * {@code D.C.B.A.origin.asn.cymru.com} (IPv6: the address's nibbles, reversed, under {@code origin6.asn.cymru.com})
 * reads {@code "ASN [ASN…] | prefix | country | registry | date"}.
 */
final class Cymru {
    private Cymru() {}

    static final String V4_ZONE = "origin.asn.cymru.com";
    static final String V6_ZONE = "origin6.asn.cymru.com";

    /** The name to ask for {@code a}. */
    static String query(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder name = new StringBuilder();
        if (a instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) name.append(b[i] & 0xff).append('.');
            return name.append(V4_ZONE).toString();
        }
        for (int i = b.length - 1; i >= 0; i--)
            name.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        return name.append(V6_ZONE).toString();
    }

    /** The origin a TXT answer gives, or null when it names no AS number. */
    static Origin parse(String txt) {
        String[] fields = txt.split("\\|", -1);
        List<Long> asns = new ArrayList<>();
        for (String asn : fields[0].trim().split("\\s+")) {
            if (asn.matches("[0-9]{1,10}")) asns.add(Long.parseLong(asn));
        }
        if (asns.isEmpty()) return null;
        return new Origin(asns, field(fields, 1), field(fields, 2), field(fields, 3));
    }

    private static String field(String[] fields, int i) { return i < fields.length ? fields[i].trim() : ""; }
}
