package jtrace.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * ICMP extensions (RFC 4884): objects a router appends to time exceeded and unreachable messages after the quoted
 * packet. The message says where the quote ends (ICMPv4: byte 5, in 4-byte words; ICMPv6: byte 4, in 8-byte
 * words), the quote is padded to at least 128 bytes, then comes the extension structure:
 * <pre>
 *  0: version 2 (4 bits) | reserved (12) | checksum (16, RFC 1071 over the whole structure)
 *  4: objects, each: length (16, header included) | class (8) | C-type (8) | payload
 * </pre>
 * Class 1 is an MPLS label stack (RFC 4950): the labels the packet carried when its TTL ran out inside an MPLS
 * tunnel. Class 2 is interface information (RFC 5837): which interface the packet came in on or would have left
 * by — its ifIndex, address, name and MTU. Routers that predate RFC 4884 put the structure at byte 128 of the
 * quote and leave the length 0; that form is accepted when its version and checksum say it is one.
 *
 * @param offset   where the structure starts in the ICMP message (8 + the quote's length)
 * @param version  2 (RFC 4884); other versions are reported, their objects still read
 * @param checksum the checksum field: 0 means the sender computed none
 * @param rfc4884  true when the message gave the quote's length; false for the older fixed 128 bytes
 */
public record IcmpExtensions(int offset, int version, int checksum, boolean checksumOk, boolean rfc4884, List<ExtensionObject> objects) {
    public static final int HEADER_LENGTH = 4, OBJECT_HEADER_LENGTH = 4, VERSION = 2;
    /** The quote is padded to this when extensions follow (RFC 4884 §5.1); older routers always put them here. */
    public static final int MIN_QUOTE = 128;
    public static final int CLASS_MPLS = 1, CLASS_INTERFACE = 2;

    public IcmpExtensions {
        objects = List.copyOf(objects);
    }

    /**
     * Where the quote ends and extensions start, as the message's header says: the offset in the ICMP message
     * (8 + quote length), or -1 when the type carries no length or the length is 0. ICMPv4 types 3, 11, 12 keep
     * it in byte 5 in 4-byte words; ICMPv6 types 1 and 3 in byte 4 in 8-byte words.
     */
    public static int declaredOffset(byte[] message, int off, boolean v6) {
        if (message.length - off < 8) return -1;
        int type = message[off] & 0xff;
        int words = v6 ? (type == 1 || type == 3 ? message[off + 4] & 0xff : 0)
                : (type == 3 || type == 11 || type == 12 ? message[off + 5] & 0xff : 0);
        return words == 0 ? -1 : 8 + words * (v6 ? 8 : 4);
    }

    /**
     * The extensions of the ICMP message at {@code off..end}, if it has any that parse: at the offset its length
     * field declares, else (a router from before RFC 4884) at 8 + 128 when a version-2 structure with a correct,
     * non-zero checksum sits there. Never throws: a structure that does not parse is no extension here (decode()
     * shows why).
     */
    public static Optional<IcmpExtensions> find(byte[] b, int off, int end, boolean v6) {
        if (off < 0 || end > b.length || end - off < 8) return Optional.empty();
        int declared = declaredOffset(b, off, v6);
        try {
            if (declared > 0) return off + declared + HEADER_LENGTH <= end ? Optional.of(parse(b, off + declared, end, declared, true)) : Optional.empty();
            int legacy = 8 + MIN_QUOTE;
            if (end - off < legacy + HEADER_LENGTH || (b[off + legacy] & 0xf0) != VERSION << 4) return Optional.empty();
            IcmpExtensions e = parse(b, off + legacy, end, legacy, false);
            return e.checksum() != 0 && e.checksumOk() ? Optional.of(e) : Optional.empty();
        } catch (MalformedPacketException notExtensions) {
            return Optional.empty();
        }
    }

    public static Optional<IcmpExtensions> find(byte[] icmpMessage, boolean v6) { return find(icmpMessage, 0, icmpMessage.length, v6); }

    /**
     * Parses the structure at {@code at..end}; {@code offset} is where that is in the ICMP message. Object lengths
     * that run past the end, or are below 4, are a {@link MalformedPacketException}.
     */
    public static IcmpExtensions parse(byte[] b, int at, int end, int offset, boolean rfc4884) {
        if (end > b.length) throw new MalformedPacketException(b.length, "the extensions' end lies past the packet");
        Bytes.check(b, at, HEADER_LENGTH);
        if (end - at < HEADER_LENGTH) throw new MalformedPacketException(at, "no room for the 4-byte extension header");
        int version = Bytes.u8(b, at) >> 4, checksum = Bytes.u16(b, at + 2);
        boolean ok = Checksum.of(b, at, end - at) == 0;
        List<ExtensionObject> objects = new ArrayList<>();
        for (int o = at + HEADER_LENGTH; o < end; ) {
            if (end - o < OBJECT_HEADER_LENGTH)
                throw new MalformedPacketException(o, (end - o) + " byte(s) after the last object: too few for an object header");
            int length = Bytes.u16(b, o);
            if (length < OBJECT_HEADER_LENGTH)
                throw new MalformedPacketException(o, "an extension object of " + length + " bytes: the header alone takes 4");
            if (length > end - o)
                throw new MalformedPacketException(o, "an extension object of " + length + " bytes, but " + (end - o) + " are left");
            objects.add(new ExtensionObject(o - at + offset, length, Bytes.u8(b, o + 2), Bytes.u8(b, o + 3),
                    Bytes.slice(b, o + OBJECT_HEADER_LENGTH, length - OBJECT_HEADER_LENGTH)));
            o += length;
        }
        return new IcmpExtensions(offset, version, checksum, ok, rfc4884, objects);
    }

    /** The extension structure for these objects: version 2, checksum computed over header and objects. */
    public static byte[] encode(List<byte[]> objects) {
        int length = HEADER_LENGTH + objects.stream().mapToInt(o -> o.length).sum();
        byte[] b = new byte[length];
        b[0] = (byte) (VERSION << 4);
        int at = HEADER_LENGTH;
        for (byte[] o : objects) {
            System.arraycopy(o, 0, b, at, o.length);
            at += o.length;
        }
        Bytes.put16(b, 2, Checksum.of(b));
        return b;
    }

    /** An extension object: the 4-byte header (length, class, C-type), then {@code payload}. */
    public static byte[] object(int classNum, int cType, byte[] payload) {
        byte[] b = new byte[OBJECT_HEADER_LENGTH + payload.length];
        Bytes.put16(b, 0, b.length);
        b[2] = (byte) classNum;
        b[3] = (byte) cType;
        System.arraycopy(payload, 0, b, OBJECT_HEADER_LENGTH, payload.length);
        return b;
    }

    /** An RFC 4950 object: the incoming label stack, top entry first. */
    public static byte[] mplsObject(List<MplsEntry> stack) {
        byte[] payload = new byte[4 * stack.size()];
        for (int i = 0; i < stack.size(); i++) Bytes.put32(payload, 4 * i, stack.get(i).word());
        return object(CLASS_MPLS, 1, payload);
    }

    /** An RFC 5837 object with the fields that are set (ifIndex and MTU ≥ 0, address and name not null). */
    public static byte[] interfaceObject(InterfaceInfo info) {
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        int cType = info.role() << 6;
        if (info.ifIndex() >= 0) {
            cType |= InterfaceInfo.HAS_IFINDEX;
            p.writeBytes(word(info.ifIndex()));
        }
        if (info.address() != null) {
            cType |= InterfaceInfo.HAS_ADDRESS;
            byte[] a = info.address().getAddress();
            p.writeBytes(new byte[] {0, (byte) (a.length == 4 ? 1 : 2), 0, 0});
            p.writeBytes(a);
        }
        if (info.name() != null) {
            cType |= InterfaceInfo.HAS_NAME;
            byte[] name = info.name().getBytes(StandardCharsets.UTF_8);
            int length = Math.min(64, (name.length + 1 + 3) / 4 * 4);
            byte[] sub = new byte[length];
            sub[0] = (byte) length;
            System.arraycopy(name, 0, sub, 1, Math.min(name.length, length - 1));
            p.writeBytes(sub);
        }
        if (info.mtu() >= 0) {
            cType |= InterfaceInfo.HAS_MTU;
            p.writeBytes(word(info.mtu()));
        }
        return object(CLASS_INTERFACE, cType, p.toByteArray());
    }

    private static byte[] word(long v) {
        byte[] b = new byte[4];
        Bytes.put32(b, 0, v);
        return b;
    }

    /**
     * The body of an ICMP error that carries extensions (RFC 4884 §5): the quote padded with zeros to at least
     * 128 bytes and to a whole number of words (4 bytes for ICMPv4, 8 for ICMPv6), then the structure. The
     * quote's length in words goes in the header: {@link #lengthWord}.
     */
    public static byte[] errorBody(byte[] quote, byte[] structure, boolean v6) {
        int padded = paddedQuoteLength(quote.length, v6);
        byte[] body = java.util.Arrays.copyOf(quote, padded + structure.length);
        System.arraycopy(structure, 0, body, padded, structure.length);
        return body;
    }

    /** The ICMP "rest of header" word that gives the padded length of a {@code quoteLength}-byte quote in {@link #errorBody}. */
    public static long lengthWord(int quoteLength, boolean v6) {
        int padded = paddedQuoteLength(quoteLength, v6);
        return v6 ? (long) (padded / 8) << 24 : (long) (padded / 4) << 16;
    }

    private static int paddedQuoteLength(int quoteLength, boolean v6) {
        int unit = v6 ? 8 : 4;
        return Math.max(MIN_QUOTE, (quoteLength + unit - 1) / unit * unit);
    }

    /** Every MPLS label stack entry, in order. */
    public List<MplsEntry> mpls() {
        return objects.stream().filter(o -> o.classNum() == CLASS_MPLS).flatMap(o -> o.mplsOrEmpty().stream()).toList();
    }

    /**
     * traceroute -e's text: {@code <MPLS:L=24005,E=0,S=1,T=1>} — the objects inside one pair of brackets, joined by
     * ";", the entries of a label stack by "/"; an object it does not decode as class/C-type and its 4-byte words
     * in hex ({@code 2/15:00000001,...}); interface information as {@code IF:in,index=3,addr=…,name=…,mtu=…}.
     */
    public String text() {
        return "<" + objects.stream().map(ExtensionObject::text).collect(Collectors.joining(";")) + ">";
    }

    @Override
    public String toString() { return text(); }

    /**
     * One extension object.
     *
     * @param offset  where it starts in the ICMP message
     * @param length  its length field (header included)
     * @param classNum 1 MPLS label stack, 2 interface information, 3 interface identification…
     * @param cType   the class's sub-type (for interface information: role and which fields follow)
     * @param payload what follows the 4-byte object header
     */
    public record ExtensionObject(int offset, int length, int classNum, int cType, byte[] payload) {
        public ExtensionObject {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() { return payload.clone(); }

        public String className() {
            return switch (classNum) {
                case CLASS_MPLS -> "MPLS label stack";
                case CLASS_INTERFACE -> "interface information";
                case 3 -> "interface identification";
                default -> "class " + classNum;
            };
        }

        /** RFC 4950: C-type 1, 4 bytes per entry; anything else is a {@link MalformedPacketException}. */
        public List<MplsEntry> mpls() {
            if (classNum != CLASS_MPLS || cType != 1) throw new MalformedPacketException(offset, "not an MPLS label stack (class 1, C-type 1)");
            if (payload.length % 4 != 0)
                throw new MalformedPacketException(offset, "an MPLS label stack of " + payload.length + " bytes: entries are 4 bytes each");
            List<MplsEntry> out = new ArrayList<>();
            for (int i = 0; i < payload.length; i += 4) out.add(MplsEntry.of(Bytes.u32(payload, i)));
            return out;
        }

        List<MplsEntry> mplsOrEmpty() {
            try {
                return mpls();
            } catch (MalformedPacketException e) {
                return List.of();
            }
        }

        /** RFC 5837's object; a {@link MalformedPacketException} when it is not one or its sub-objects lie. */
        public InterfaceInfo interfaceInfo() {
            if (classNum != CLASS_INTERFACE) throw new MalformedPacketException(offset, "not interface information (class 2)");
            return InterfaceInfo.parse(cType, payload, offset + OBJECT_HEADER_LENGTH, null);
        }

        /** One object as traceroute -e prints it (without the brackets); objects it does not know as class/C-type:words. */
        public String text() {
            try {
                if (classNum == CLASS_MPLS && cType == 1)
                    return "MPLS:" + mpls().stream().map(MplsEntry::text).collect(Collectors.joining("/"));
                if (classNum == CLASS_INTERFACE) return interfaceInfo().text();
            } catch (MalformedPacketException e) {
                // falls through to the raw form
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < payload.length; i++)
                hex.append(i > 0 && i % 4 == 0 ? "," : "").append(String.format("%02x", payload[i] & 0xff));
            return classNum + "/" + cType + (payload.length == 0 ? "" : ":" + hex);
        }
    }

    /**
     * One MPLS label stack entry (RFC 3032, RFC 5462): label (20 bits), traffic class, once "experimental" (3),
     * bottom of stack (1), TTL (8).
     */
    public record MplsEntry(int label, int trafficClass, boolean bottom, int ttl) {
        public static MplsEntry of(long word) {
            return new MplsEntry((int) (word >>> 12) & 0xfffff, (int) (word >>> 9) & 7, (word >>> 8 & 1) == 1, (int) word & 0xff);
        }

        public long word() { return (long) label << 12 | (long) trafficClass << 9 | (bottom ? 1L << 8 : 0) | ttl; }

        /** "L=24005,E=0,S=1,T=1", traceroute's form. */
        public String text() { return "L=" + label + ",E=" + trafficClass + ",S=" + (bottom ? 1 : 0) + ",T=" + ttl; }
    }

    /**
     * Interface information (RFC 5837 §4): the C-type's top two bits say whose interface (incoming, a sub-IP
     * component of the incoming one, outgoing, the next hop), its low four bits which fields follow, in this
     * order: ifIndex (4 bytes), an address sub-object (AFI 1 = IPv4, 2 = IPv6; 2 reserved bytes; the address),
     * a name sub-object (a length byte counting itself, a multiple of 4 up to 64, then UTF-8) and the MTU (4 bytes).
     * Absent fields are -1 or null.
     */
    public record InterfaceInfo(int role, long ifIndex, InetAddress address, String name, long mtu) {
        public static final int HAS_IFINDEX = 0x08, HAS_ADDRESS = 0x04, HAS_NAME = 0x02, HAS_MTU = 0x01;

        public String roleName() {
            return switch (role) {
                case 0 -> "incoming interface";
                case 1 -> "sub-IP component of the incoming interface";
                case 2 -> "outgoing interface";
                default -> "next hop";
            };
        }

        /** "IF:in,index=3,addr=10.83.3.1,name=to-r2,mtu=1500" — traceroute shows it as words in hex; this reads the same way. */
        public String text() {
            List<String> parts = new ArrayList<>();
            parts.add(switch (role) { case 0 -> "in"; case 1 -> "in-sub"; case 2 -> "out"; default -> "next-hop"; });
            if (ifIndex >= 0) parts.add("index=" + ifIndex);
            if (address != null) parts.add("addr=" + AddressText.of(address));
            if (name != null) parts.add("name=" + name);
            if (mtu >= 0) parts.add("mtu=" + mtu);
            return "IF:" + String.join(",", parts);
        }

        /**
         * {@code base}: where the payload starts in the buffer, for offsets; {@code fields}, when not null, gets
         * one {@link Part.Field} per field read, for decode().
         */
        static InterfaceInfo parse(int cType, byte[] p, int base, List<Part> fields) {
            List<Part> f = fields != null ? fields : new ArrayList<>();
            int at = 0;
            long ifIndex = -1, mtu = -1;
            InetAddress address = null;
            String name = null;
            if ((cType & HAS_IFINDEX) != 0) {
                ifIndex = u32(p, at, base, "ifIndex");
                f.add(new Part.Field("ifIndex", base + at, 4, 0, String.valueOf(ifIndex), "the interface's number on that router"));
                at += 4;
            }
            if ((cType & HAS_ADDRESS) != 0) {
                int afi = u16(p, at, base, "address family");
                f.add(new Part.Field("address family", base + at, 2, 0, String.valueOf(afi), afi == 1 ? "IPv4" : afi == 2 ? "IPv6" : "unknown"));
                int size = switch (afi) {
                    case 1 -> 4;
                    case 2 -> 16;
                    default -> throw new MalformedPacketException(base + at, "address family " + afi + ": only 1 (IPv4) and 2 (IPv6) exist");
                };
                need(p, at, 4 + size, base, "the address");
                address = address(java.util.Arrays.copyOfRange(p, at + 4, at + 4 + size));
                f.add(new Part.Field("address", base + at + 4, size, 0, AddressText.of(address), "the interface's address"));
                at += 4 + size;
            }
            if ((cType & HAS_NAME) != 0) {
                need(p, at, 1, base, "the name's length");
                int length = p[at] & 0xff;
                f.add(new Part.Field("name length", base + at, 1, 0, String.valueOf(length), "bytes, this one included"));
                if (length < 4 || length > 64 || length % 4 != 0)
                    throw new MalformedPacketException(base + at, "an interface name sub-object of " + length + " bytes: it must be 4..64, a multiple of 4");
                need(p, at, length, base, "the name");
                int end = at + 1;
                while (end < at + length && p[end] != 0) end++;  // NUL padding ends it
                name = new String(p, at + 1, end - at - 1, StandardCharsets.UTF_8);
                f.add(new Part.Field("name", base + at + 1, length - 1, 0, name, "UTF-8, padded with NULs"));
                at += length;
            }
            if ((cType & HAS_MTU) != 0) {
                mtu = u32(p, at, base, "MTU");
                f.add(new Part.Field("MTU", base + at, 4, 0, String.valueOf(mtu), "the largest packet the interface takes"));
                at += 4;
            }
            return new InterfaceInfo(cType >> 6 & 3, ifIndex, address, name, mtu);
        }

        private static void need(byte[] p, int at, int n, int base, String what) {
            if (at + n > p.length) throw new MalformedPacketException(base + at, what + " needs " + n + " byte(s); the object ends after " + (p.length - at));
        }

        private static long u32(byte[] p, int at, int base, String what) {
            need(p, at, 4, base, what);
            return Bytes.u32(p, at);
        }

        private static int u16(byte[] p, int at, int base, String what) {
            need(p, at, 2, base, what);
            return Bytes.u16(p, at);
        }

        private static InetAddress address(byte[] bytes) {
            try {
                return bytes.length == 16 ? Ipv6Header.v6(bytes) : InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are always an address", e);
            }
        }
    }
}
