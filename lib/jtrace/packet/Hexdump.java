package jtrace.packet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jtrace.packet.Part.Field;
import jtrace.packet.Part.Layer;

/**
 * A hex dump that shows where each field ends: a {@code |} after the last byte of every field, a new line (under
 * the layer's name) where each layer starts, and on the right the names of the fields that start on the line
 * (short names: ver, ihl, tos, len, ttl, cksum, src, dst, seq…; data shown as text). Offsets are decimal, as
 * in the decoded tree.
 *
 * <pre>
 * IPv4, 10.71.1.1 &gt; 10.71.6.2, ttl 1, ICMP
 *    0  45|00|00 3c|00 01|00 00|01|01|9e 30|0a 47 01 01|  ver, ihl, tos, len, id, flags, frag, ttl, proto, cksum, src
 *   16  0a 47 06 02|                                      dst
 * </pre>
 */
public record Hexdump(String text) {

    static final int PER_LINE = 16;
    private static final Set<String> DATA = Set.of("data", "payload", "undecoded", "trailing bytes", "options");
    /** Short names on the right, so that a 20-byte header's fields fit on one line; decode() has the long ones. */
    private static final java.util.Map<String, String> SHORT = java.util.Map.ofEntries(
            java.util.Map.entry("version", "ver"), java.util.Map.entry("header length", "ihl"),
            java.util.Map.entry("type of service", "tos"), java.util.Map.entry("total length", "len"),
            java.util.Map.entry("identification", "id"), java.util.Map.entry("fragment offset", "frag"),
            java.util.Map.entry("time to live", "ttl"), java.util.Map.entry("protocol", "proto"),
            java.util.Map.entry("header checksum", "cksum"), java.util.Map.entry("checksum", "cksum"),
            java.util.Map.entry("source", "src"), java.util.Map.entry("destination", "dst"),
            java.util.Map.entry("identifier", "id"), java.util.Map.entry("sequence number", "seq"),
            java.util.Map.entry("source port", "sport"), java.util.Map.entry("destination port", "dport"),
            java.util.Map.entry("length", "len"), java.util.Map.entry("traffic class", "tc"),
            java.util.Map.entry("flow label", "flow"), java.util.Map.entry("payload length", "plen"),
            java.util.Map.entry("next header", "next"), java.util.Map.entry("hop limit", "hlim"),
            java.util.Map.entry("next-hop MTU", "mtu"));

    /** Decodes {@code bytes} and dumps them with the field boundaries marked. */
    public static Hexdump of(byte[] bytes) { return of(Decoder.decode(bytes)); }

    /** The dump of bytes already decoded. */
    public static Hexdump of(Decoded decoded) {
        byte[] b = decoded.bytes();
        Layer[] owner = new Layer[b.length];
        Set<Integer> ends = new HashSet<>();
        List<Field> fields = new ArrayList<>();
        Decoded.walk(decoded.parts(), 0, (p, depth) -> {
            if (p instanceof Layer l) {
                for (int i = l.offset(); i < l.offset() + l.length() && i < b.length; i++) owner[i] = l;  // inner layers come later
            } else if (p instanceof Field f) {
                fields.add(f);
                ends.add(f.offset() + f.length());
            }
        });
        StringBuilder out = new StringBuilder();
        int i = 0;
        Layer current = null;
        boolean first = true;
        while (i < b.length) {
            if (first || owner[i] != current) {
                current = owner[i];
                out.append(current == null ? "(not decoded)" : current.toString()).append('\n');
                first = false;
            }
            int start = i;
            StringBuilder hex = new StringBuilder();
            while (i < b.length && i - start < PER_LINE && (i == start || owner[i] == current)) {
                hex.append(String.format("%02x", b[i] & 0xff)).append(ends.contains(i + 1) ? '|' : ' ');
                i++;
            }
            String line = String.format("%4d  %-" + PER_LINE * 3 + "s  %s", start, hex, notes(fields, b, start, i));
            out.append(line.stripTrailing()).append('\n');
        }
        return new Hexdump(out.toString());
    }

    /** The dump itself: prints as is. */
    @Override
    public String toString() { return text; }

    /** Names of the fields that start in [from, to); data fields (and their continuation lines) as text. */
    private static String notes(List<Field> fields, byte[] b, int from, int to) {
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            int end = f.offset() + f.length();
            boolean starts = f.offset() >= from && f.offset() < to;
            boolean data = DATA.contains(f.name()) && f.offset() < to && end > from;
            if (data) {
                notes.add((starts ? f.name() + " " : "") + Meanings.text(b, Math.max(from, f.offset()), Math.min(to, end)));
            } else if (starts && seen.add(f.name() + "@" + f.offset())) {
                notes.add(SHORT.getOrDefault(f.name(), f.name()));
            }
        }
        return String.join(", ", notes);
    }
}
