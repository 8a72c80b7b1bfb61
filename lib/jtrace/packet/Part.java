package jtrace.packet;

import java.util.List;

/**
 * One node of a decoded packet, as in Wireshark's tree: a {@link Layer} (a header and what it carries), a
 * {@link Field} of a header, or a {@link Problem} — the place where the bytes stop making sense.
 * Offsets count from the start of the buffer that was decoded.
 */
public sealed interface Part permits Part.Layer, Part.Field, Part.Problem {
    /** Where the part starts in the decoded buffer. */
    int offset();

    /** How many bytes it covers (0 for a problem). */
    int length();

    /**
     * A protocol layer: its header fields, then what it carries (data, or an inner layer such as the packet
     * quoted inside an ICMP error).
     *
     * @param name    "IPv4", "ICMP", "UDP"…
     * @param summary one line: "10.71.1.1 > 10.71.6.2, ttl 1"
     */
    record Layer(String name, String summary, int offset, int length, List<Part> parts) implements Part {
        public Layer {
            parts = List.copyOf(parts);
        }

        /** This layer's own field with that name: {@code layer("quoted IPv4").field("time to live")}. */
        public Field field(String name) {
            return parts.stream().filter(p -> p instanceof Field f && f.name().equals(name)).map(Field.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no field \"" + name + "\" in " + this.name));
        }

        @Override
        public String toString() { return name + (summary.isEmpty() ? "" : ", " + summary); }
    }

    /**
     * One header field.
     *
     * @param name    what the RFC calls it, in plain words: "time to live"
     * @param offset  first byte
     * @param length  bytes it occupies (a bit field occupies the bytes it shares with its neighbours)
     * @param mask    for a bit field, which bits of those bytes (big-endian); 0 for whole bytes
     * @param value   its value as a person writes it: "64", "10.71.1.1", "0x1c46"
     * @param meaning what the value means here: "ICMP", "correct", "TTL expired in transit"
     */
    record Field(String name, int offset, int length, long mask, String value, String meaning) implements Part {
        /** The bits of a 1- or 2-byte bit field in {@code packet}, Wireshark's way: "0100 ...." for version 4; else "". */
        public String bits(byte[] packet) {
            if (mask == 0 || length > 2 || offset + length > packet.length) return "";  // wider ones: hex
            long word = 0;
            for (int i = 0; i < length; i++) word = word << 8 | (packet[offset + i] & 0xff);
            StringBuilder s = new StringBuilder();
            for (int bit = length * 8 - 1; bit >= 0; bit--) {
                s.append((mask >>> bit & 1) == 0 ? '.' : (word >>> bit & 1) == 0 ? '0' : '1');
                if (bit % 4 == 0 && bit > 0) s.append(' ');
            }
            return s.toString();
        }

        @Override
        public String toString() {
            return name + ": " + value + (meaning.isEmpty() ? "" : " (" + meaning + ")") + " [byte " + offset
                    + (length > 1 ? "-" + (offset + length - 1) : "") + "]";
        }
    }

    /** Where decoding stopped, and why, in words. */
    record Problem(int offset, String message) implements Part {
        @Override
        public int length() { return 0; }

        @Override
        public String toString() { return "problem at byte " + offset + ": " + message; }
    }
}
