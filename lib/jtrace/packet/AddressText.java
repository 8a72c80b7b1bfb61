package jtrace.packet;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as traceroute prints them (inet_ntop): IPv4 dotted, IPv6 in the RFC 5952 form — lower case,
 * no leading zeros, the longest run of zero groups as "::" — where Java's getHostAddress writes every group
 * ("fd00:71:1:0:0:0:0:2"). A zone follows a "%": "fe80::1%eth0".
 */
public final class AddressText {
    private AddressText() {}

    public static String of(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) return a.getHostAddress();
        String zone = v6.getScopedInterface() != null ? "%" + v6.getScopedInterface().getName()
                : v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
        return ipv6(v6.getAddress()) + zone;
    }

    /** Sixteen bytes in RFC 5952 text, with glibc's dotted tail for IPv4-mapped (::ffff:a.b.c.d) and -compatible addresses. */
    public static String ipv6(byte[] b) {
        if (b.length != 16) throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + b.length);
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
            i = j;
        }
        if (bestLength < 2) bestStart = -1;  // a single zero group is written "0", not "::"
        boolean dottedTail = bestStart == 0 && (bestLength == 6 || bestLength == 5 && w[5] == 0xffff);
        StringBuilder s = new StringBuilder();
        int groups = dottedTail ? 6 : 8;
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(w[i]));
        }
        if (dottedTail) {
            if (s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        }
        return s.toString();
    }
}
