package jtrace.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP header (RFC 9293 §3.1), what traceroute -T builds by hand: a SYN to port 80 whose answer is a SYN-ACK
 * (something listens: open) or a RST (nothing does: closed). The checksum covers a pseudo-header of the two
 * IP addresses, the protocol and the TCP length, then the header (checksum field zero) and the data.
 * <pre>
 *  0: source port (16) | destination port (16)
 *  4: sequence number (32)
 *  8: acknowledgment number (32)
 * 12: data offset (4, in 4-byte words) | reserved (4) | flags CWR ECE URG ACK PSH RST SYN FIN (8) | window (16)
 * 16: checksum (16) | urgent pointer (16)
 * 20: options, up to 40 bytes, to the data offset
 * </pre>
 *
 * @param reserved the 4 bits between the data offset and the flags (0 on the wire today)
 * @param flags    the 8 flag bits, {@link #SYN} | {@link #ACK} …
 * @param options  the option bytes, a multiple of 4 (the data offset is 5 words plus these)
 */
public record TcpHeader(int sourcePort, int destinationPort, long sequence, long acknowledgment, int reserved, int flags,
                        int window, int checksum, int urgentPointer, byte[] options) {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
    public static final int MIN_LENGTH = 20, MAX_LENGTH = 60;
    /** Linux's first window in a SYN (64240 = 44 segments of 1460). */
    public static final int SYN_WINDOW = 64240;
    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    public TcpHeader {
        options = options.clone();
        if (options.length % 4 != 0 || options.length > MAX_LENGTH - MIN_LENGTH)
            throw new IllegalArgumentException("TCP options must be 0..40 bytes in 4-byte words, got " + options.length);
    }

    /** A SYN from {@code sourcePort} to {@code destinationPort}, checksum 0 (see {@link #withChecksum}), no options. */
    public static TcpHeader syn(int sourcePort, int destinationPort, long sequence) {
        return new TcpHeader(sourcePort, destinationPort, sequence & 0xffffffffL, 0, 0, SYN, SYN_WINDOW, 0, 0, new byte[0]);
    }

    /** The header length in bytes: the data offset field × 4. */
    public int headerLength() { return MIN_LENGTH + options.length; }

    public boolean has(int flag) { return (flags & flag) == flag; }

    /** The flags by name, as tcpdump lists them: "SYN, ACK"; "none" for none. */
    public String flagNames() { return flagNames(flags); }

    public static String flagNames(int flags) {
        List<String> names = new ArrayList<>();
        // tcpdump's order reads better than bit order: SYN and ACK first.
        for (int bit : new int[] {SYN, ACK, RST, FIN, PSH, URG, ECE, CWR})
            if ((flags & bit) != 0) names.add(FLAG_NAMES[Integer.numberOfTrailingZeros(bit)]);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    public TcpHeader withChecksum(int c) {
        return new TcpHeader(sourcePort, destinationPort, sequence, acknowledgment, reserved, flags, window, c, urgentPointer, options);
    }

    /** This header with the checksum it must carry from {@code src} to {@code dst} ahead of {@code data}. */
    public TcpHeader withChecksum(InetAddress src, InetAddress dst, byte[] data) {
        return withChecksum(pseudoHeaderChecksum(src, dst, withChecksum(0), data));
    }

    /** Whether the checksum verifies for a segment from {@code src} to {@code dst} carrying {@code data}. */
    public boolean checksumOk(InetAddress src, InetAddress dst, byte[] data) {
        return pseudoHeaderChecksum(src, dst, this, data) == 0;
    }

    private static int pseudoHeaderChecksum(InetAddress src, InetAddress dst, TcpHeader h, byte[] data) {
        byte[] segment = Ipv6Header.concat(h.encode(), data);
        if (src instanceof Inet6Address s6 && dst instanceof Inet6Address d6)
            return Ipv6Header.pseudoHeaderChecksum(s6, d6, Ipv6Header.NEXT_TCP, segment);
        if (src instanceof Inet4Address s4 && dst instanceof Inet4Address d4)
            return Ipv4Header.pseudoHeaderChecksum(s4, d4, Ipv4Header.PROTO_TCP, segment);
        throw new IllegalArgumentException("source and destination must be both IPv4 or both IPv6: "
                + AddressText.of(src) + ", " + AddressText.of(dst));
    }

    public byte[] encode() {
        byte[] b = new byte[headerLength()];
        Bytes.put16(b, 0, sourcePort);
        Bytes.put16(b, 2, destinationPort);
        Bytes.put32(b, 4, sequence);
        Bytes.put32(b, 8, acknowledgment);
        b[12] = (byte) (headerLength() / 4 << 4 | reserved & 0x0f);
        b[13] = (byte) flags;
        Bytes.put16(b, 14, window);
        Bytes.put16(b, 16, checksum);
        Bytes.put16(b, 18, urgentPointer);
        System.arraycopy(options, 0, b, MIN_LENGTH, options.length);
        return b;
    }

    /** Reads the header at {@code off}, options included; {@link MalformedPacketException} for anything that is not one. */
    public static TcpHeader parse(byte[] b, int off) {
        Bytes.check(b, off, MIN_LENGTH);
        int length = headerLength(b, off);
        if (length < MIN_LENGTH) throw new MalformedPacketException(off + 12, "TCP data offset " + length + " bytes is below the minimum 20");
        Bytes.check(b, off, length);
        return new TcpHeader(sourcePort(b, off), destinationPort(b, off), sequence(b, off), acknowledgment(b, off), reserved(b, off),
                flags(b, off), window(b, off), checksum(b, off), urgentPointer(b, off), Bytes.slice(b, off + MIN_LENGTH, length - MIN_LENGTH));
    }

    // The header read in place, without allocating or checking bounds: the layout that parse(), the raw TCP
    // matcher and decode() share.
    public static int sourcePort(byte[] b, int off) { return Bytes.u16(b, off); }
    public static int destinationPort(byte[] b, int off) { return Bytes.u16(b, off + 2); }
    public static long sequence(byte[] b, int off) { return Bytes.u32(b, off + 4); }
    public static long acknowledgment(byte[] b, int off) { return Bytes.u32(b, off + 8); }
    /** The data offset in bytes: the header's length, options included. */
    public static int headerLength(byte[] b, int off) { return (Bytes.u8(b, off + 12) >> 4) * 4; }
    public static int reserved(byte[] b, int off) { return Bytes.u8(b, off + 12) & 0x0f; }
    public static int flags(byte[] b, int off) { return Bytes.u8(b, off + 13); }
    public static int window(byte[] b, int off) { return Bytes.u16(b, off + 14); }
    public static int checksum(byte[] b, int off) { return Bytes.u16(b, off + 16); }
    public static int urgentPointer(byte[] b, int off) { return Bytes.u16(b, off + 18); }

    /**
     * The options one by one (RFC 9293 §3.2): kind 0 ends the list, kind 1 is one byte of padding, every other
     * kind has a length byte counting itself. A length that runs past the options is a {@link MalformedPacketException}.
     */
    public List<Option> optionList() {
        List<Option> out = new ArrayList<>();
        for (int i = 0; i < options.length; ) {
            int kind = options[i] & 0xff;
            if (kind == 0 || kind == 1) {
                out.add(new Option(i, kind, new byte[0]));
                if (kind == 0) break;
                i++;
                continue;
            }
            if (i + 1 >= options.length) throw new MalformedPacketException(MIN_LENGTH + i, "TCP option " + kind + " has no length byte");
            int length = options[i + 1] & 0xff;
            if (length < 2 || i + length > options.length)
                throw new MalformedPacketException(MIN_LENGTH + i, "TCP option " + kind + " says " + length
                        + " bytes, but " + (options.length - i) + " are left in the header");
            out.add(new Option(i, kind, Arrays.copyOfRange(options, i + 2, i + length)));
            i += length;
        }
        return out;
    }

    /**
     * One TCP option.
     *
     * @param offset where it starts, counted from the first option byte (byte 20 of the header)
     * @param value  the bytes after kind and length
     */
    public record Option(int offset, int kind, byte[] value) {
        public int length() { return kind == 0 || kind == 1 ? 1 : 2 + value.length; }

        public String name() {
            return switch (kind) {
                case 0 -> "end of options";
                case 1 -> "no-operation (padding)";
                case 2 -> "maximum segment size";
                case 3 -> "window scale";
                case 4 -> "SACK permitted";
                case 5 -> "SACK";
                case 8 -> "timestamps";
                case 30 -> "multipath TCP";
                case 34 -> "fast open cookie";
                default -> "option kind " + kind;
            };
        }

        /** The value in words: "1460", "shift 7 (× 128)", "value 123 echo 0". */
        public String text() {
            return switch (kind) {
                case 2 -> value.length == 2 ? String.valueOf(Bytes.u16(value, 0)) : value.length + " bytes: should be 2";
                case 3 -> value.length == 1 ? "shift " + (value[0] & 0xff) + " (window × " + (1L << Math.min(value[0] & 0xff, 30)) + ")"
                        : value.length + " bytes: should be 1";
                case 8 -> value.length == 8 ? "value " + Bytes.u32(value, 0) + ", echo " + Bytes.u32(value, 4) : value.length + " bytes: should be 8";
                default -> value.length == 0 ? "" : value.length + " bytes";
            };
        }
    }

    @Override
    public String toString() {
        return "TCP " + sourcePort + " > " + destinationPort + " [" + flagNames() + "] seq " + sequence
                + (has(ACK) ? " ack " + acknowledgment : "") + " win " + window;
    }

    @Override
    public boolean equals(Object o) { return o instanceof TcpHeader t && Arrays.equals(encode(), t.encode()); }

    @Override
    public int hashCode() { return Arrays.hashCode(encode()); }
}
