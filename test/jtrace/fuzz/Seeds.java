package jtrace.fuzz;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jtrace.packet.Checksum;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Ipv4Header;
import jtrace.packet.UdpHeader;
import jtrace.sys.MessageFrames;

/**
 * The stored fuzz inputs (seed corpus), built with our own codecs the way a Linux router or host builds
 * them: our probes, the answers they draw, and the lies a hostile network can tell — truncated packets,
 * lying length and IHL fields, ICMP quoting garbage, extension lengths beyond the packet. CI replays them;
 * Jazzer starts its mutations from them. {@code SeedsTest} checks the files under test/ match; to rewrite
 * them: {@code java -cp target/test-classes:target/classes:... jtrace.fuzz.Seeds test}.
 */
public final class Seeds {
    private Seeds() {}

    /** The raw-socket matcher's target and echo id in the matcher seeds. */
    public static final Inet4Address CLIENT = v4("10.71.1.1"), ROUTER = v4("10.71.2.2"), TARGET = v4("10.71.6.2"),
            ELSEWHERE = v4("10.71.9.9");
    public static final Inet6Address CLIENT6 = v6("2001:db8:71:1::1"), ROUTER6 = v6("2001:db8:71:2::2"),
            TARGET6 = v6("2001:db8:71:6::2"), ELSEWHERE6 = v6("2001:db8:71:9::9");
    public static final int ECHO_ID = 0x4a54;
    /** The hop limit the IPv6 matcher seeds arrive with (an IPV6_HOPLIMIT control message). */
    public static final int HOP_LIMIT = 61;

    /** Every seed: path under test/ (package/ClassInputs/method/name) to bytes. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        ipv4().forEach((name, b) -> all.put("jtrace/fuzz/PacketFuzzTestInputs/ipv4/" + name, b));
        icmp().forEach((name, b) -> all.put("jtrace/fuzz/PacketFuzzTestInputs/icmp/" + name, b));
        udp().forEach((name, b) -> all.put("jtrace/fuzz/PacketFuzzTestInputs/udp/" + name, b));
        matcherV6().forEach((name, b) -> all.put("jtrace/fuzz/PacketFuzzTestInputs/ipv6/" + name, ipv6Packet(b)));
        all.put("jtrace/fuzz/PacketFuzzTestInputs/ipv6/header-cut-short", slice(ipv6Packet(new byte[8]), 30));
        all.put("jtrace/fuzz/PacketFuzzTestInputs/ipv6/version-4", echoProbe(1, 7));
        matcherV6().forEach((name, b) -> all.put("jtrace/fuzz/PacketFuzzTestInputs/icmpv6/" + name, b));
        matcher().forEach((name, b) -> all.put("jtrace/probe/RawIcmpMatcherFuzzTestInputs/matchV4/" + name, b));
        matcherV6().forEach((name, b) -> all.put("jtrace/probe/RawIcmpMatcherFuzzTestInputs/matchV6/" + name, b));
        MessageFrames.seeds().forEach((name, b) -> all.put("jtrace/sys/MessageFuzzTestInputs/parse/" + name, b));
        // decode(): whole packets (IPv4 and IPv6), and the bare ICMP/ICMPv6/UDP messages sockets hand over.
        matcher().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/v4-" + name, b));
        matcherV6().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/v6-" + name, ipv6Packet(b)));
        icmp().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/icmp/" + name, b));
        matcherV6().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/icmpv6/" + name, b));
        udp().forEach((name, b) -> all.put("jtrace/fuzz/DecoderFuzzTestInputs/udp/" + name, concat(b, filler(32))));
        all.put("jtrace/fuzz/DecoderFuzzTestInputs/decode/quote-inside-a-quote", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0,
                ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, echoProbe(2, 8))))));
        TcpAndExtensionSeeds.addTo(all);
        RawTcpSeeds.addTo(all);
        return all;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "test");
        for (Map.Entry<String, byte[]> seed : all().entrySet()) {
            Path file = root.resolve(seed.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, seed.getValue());
        }
        System.out.println(all().size() + " seeds written under " + root);
    }

    static Map<String, byte[]> ipv4() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] probe = echoProbe(1, 7);
        s.put("echo-probe", probe);
        byte[] options = new Ipv4Header(0, 32, 1, 2, 0, 64, 1, 0, CLIENT, TARGET, new byte[] {1, 1, 1, 0}).encode();
        s.put("with-options", with(options, 10, Checksum.of(options)));
        s.put("ihl-beyond-the-buffer", set(probe, 0, 0x4f, 20));
        s.put("ihl-below-the-minimum", set(probe, 0, 0x44, probe.length));
        s.put("version-6", set(probe, 0, 0x65, probe.length));
        s.put("truncated", slice(probe, 10));
        s.put("total-length-lies", with(slice(probe, 28), 2, 0xffff));
        s.put("empty", new byte[0]);
        return s;
    }

    static Map<String, byte[]> icmp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("echo-reply", icmp(IcmpMessage.ECHO_REPLY, 0, (long) ECHO_ID << 16 | 7, filler(32)));
        s.put("time-exceeded-quoting-udp", icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, udpProbe(1, 33434)));
        s.put("time-exceeded-quoting-echo", icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, echoProbe(2, 8)));
        s.put("frag-needed-mtu-1400", icmp(IcmpMessage.DEST_UNREACHABLE, 4, 1400, echoProbe(3, 9)));
        s.put("time-exceeded-quoting-garbage", icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, garbage(40)));
        s.put("time-exceeded-quoting-a-lying-ihl", icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, set(echoProbe(2, 8), 0, 0x4f, 28)));
        s.put("rfc4884-mpls-extension", icmp(IcmpMessage.TIME_EXCEEDED, 0, 32L << 16, concat(pad(udpProbe(1, 33434), 128), mplsExtension(8))));
        s.put("rfc4884-extension-length-beyond-the-packet", icmp(IcmpMessage.TIME_EXCEEDED, 0, 255L << 16,
                concat(pad(udpProbe(1, 33434), 128), mplsExtension(0xfff0))));
        s.put("truncated-header", slice(icmp(IcmpMessage.ECHO_REPLY, 0, 1, new byte[0]), 5));
        return s;
    }

    static Map<String, byte[]> udp() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("probe-header", UdpHeader.of(CLIENT, TARGET, 40000, 33434, filler(32)).encode());
        s.put("truncated", slice(UdpHeader.of(CLIENT, TARGET, 40000, 33434, filler(32)).encode(), 5));
        return s;
    }

    /** Whole IPv4 packets as a raw ICMP socket reads them. Accepted by the matcher: the names ending in "-ours". */
    static Map<String, byte[]> matcher() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] probe = echoProbe(3, 12);
        s.put("echo-reply-ours", ip(TARGET, 61, icmp(IcmpMessage.ECHO_REPLY, 0, (long) ECHO_ID << 16 | 12, filler(32))));
        s.put("time-exceeded-ours", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, probe)));
        s.put("frag-needed-ours", ip(ROUTER, 63, icmp(IcmpMessage.DEST_UNREACHABLE, 4, 1400, probe)));
        s.put("host-unreachable-short-quote-ours", ip(ROUTER, 63, icmp(IcmpMessage.DEST_UNREACHABLE, 1, 0, slice(probe, 28))));
        s.put("echo-reply-wrong-id", ip(TARGET, 61, icmp(IcmpMessage.ECHO_REPLY, 0, (long) (ECHO_ID + 1) << 16 | 12, filler(32))));
        byte[] reply = ip(TARGET, 61, icmp(IcmpMessage.ECHO_REPLY, 0, (long) ECHO_ID << 16 | 12, filler(32)));
        s.put("echo-reply-bad-checksum", with(reply, 22, ((reply[22] & 0xff) << 8 | (reply[23] & 0xff)) ^ 1));
        s.put("time-exceeded-bad-checksum", flipLast(ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, probe))));
        s.put("time-exceeded-quoting-another-destination", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0,
                concat(Ipv4Header.of(CLIENT, ELSEWHERE, 1, 1, 3, 40).encode(), slice(probe, 20, probe.length)))));
        s.put("time-exceeded-quoting-another-id", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, echoProbe(3, 12, ECHO_ID ^ 0x100))));
        s.put("time-exceeded-quoting-udp", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, udpProbe(3, 33436))));
        s.put("time-exceeded-quoting-an-echo-reply", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0,
                concat(slice(probe, 0, 20), icmp(IcmpMessage.ECHO_REPLY, 0, (long) ECHO_ID << 16 | 12, filler(32))))));
        s.put("time-exceeded-quoting-garbage", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, garbage(48))));
        s.put("time-exceeded-quote-cut-inside-the-echo", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, slice(probe, 24))));
        s.put("time-exceeded-quoted-ihl-lies", ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, set(probe, 0, 0x4f, probe.length))));
        byte[] outer = ip(ROUTER, 63, icmp(IcmpMessage.TIME_EXCEEDED, 0, 0, probe));
        s.put("total-length-longer-than-the-packet", with(outer, 2, 0xffff));
        s.put("total-length-shorter-than-the-headers", with(outer, 2, 24));
        s.put("ihl-lies", set(outer, 0, 0x4f, outer.length));
        s.put("not-icmp", concat(Ipv4Header.of(ROUTER, CLIENT, 63, Ipv4Header.PROTO_UDP, 1, 8).encode(), new byte[8]));
        s.put("redirect", ip(ROUTER, 63, icmp(5, 1, 0, probe)));
        s.put("truncated", slice(outer, 19));
        return s;
    }

    /** ICMPv6 messages as a raw ICMPv6 socket reads them (no IP header). Accepted: the names ending in "-ours". */
    static Map<String, byte[]> matcherV6() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] probe = echoProbe6(3, 12, ECHO_ID, TARGET6);
        s.put("echo-reply-ours", icmp6(129, 0, (long) ECHO_ID << 16 | 12, filler(32)));
        s.put("time-exceeded-ours", icmp6(3, 0, 0, probe));
        s.put("packet-too-big-ours", icmp6(2, 0, 1280, probe));
        s.put("port-unreachable-ours", icmp6(1, 4, 0, probe));
        s.put("echo-reply-wrong-id", icmp6(129, 0, (long) (ECHO_ID + 1) << 16 | 12, filler(32)));
        s.put("time-exceeded-quoting-another-destination", icmp6(3, 0, 0, echoProbe6(3, 12, ECHO_ID, ELSEWHERE6)));
        s.put("time-exceeded-quoting-another-id", icmp6(3, 0, 0, echoProbe6(3, 12, ECHO_ID ^ 0x100, TARGET6)));
        s.put("time-exceeded-quoting-ipv4", icmp6(3, 0, 0, echoProbe(3, 12)));
        s.put("time-exceeded-quoting-udp", icmp6(3, 0, 0, set(probe, 6, 17, probe.length)));
        s.put("time-exceeded-quote-cut-inside-the-header", icmp6(3, 0, 0, slice(probe, 30)));
        s.put("time-exceeded-quote-cut-inside-the-echo", icmp6(3, 0, 0, slice(probe, 44)));
        s.put("time-exceeded-quoting-garbage", icmp6(3, 0, 0, garbage(64)));
        s.put("neighbour-solicitation", icmp6(135, 0, 0, garbage(24)));
        s.put("truncated", slice(icmp6(129, 0, (long) ECHO_ID << 16 | 12, new byte[0]), 6));
        return s;
    }

    // --- building blocks ---

    /** An ICMPv6 message in an IPv6 packet from router 6 to the client, as it travels. */
    static byte[] ipv6Packet(byte[] icmp6) {
        ByteBuffer ip = ByteBuffer.allocate(40).putInt(0x6000_0000).putShort((short) icmp6.length).put((byte) 58).put((byte) 61)
                .put(ROUTER6.getAddress()).put(CLIENT6.getAddress());
        return concat(ip.array(), icmp6);
    }

    /** An IPv6 header and ICMPv6 echo request, as our probe leaves (checksum left 0: only the kernel checks it). */
    static byte[] echoProbe6(int hopLimit, int seq, int id, Inet6Address to) {
        byte[] echo = icmp6(128, 0, (long) id << 16 | seq, filler(32));
        ByteBuffer ip = ByteBuffer.allocate(40).putInt(0x6000_0000).putShort((short) echo.length).put((byte) 58).put((byte) hopLimit)
                .put(CLIENT6.getAddress()).put(to.getAddress());
        return concat(ip.array(), echo);
    }

    static byte[] icmp6(int type, int code, long rest, byte[] body) {
        return concat(ByteBuffer.allocate(8).put((byte) type).put((byte) code).putShort((short) 0).putInt((int) rest).array(), body);
    }


    static byte[] echoProbe(int ttl, int seq) { return echoProbe(ttl, seq, ECHO_ID); }

    static byte[] echoProbe(int ttl, int seq, int id) {
        byte[] echo = IcmpMessage.echoRequest(id, seq, filler(32)).encode();
        return concat(Ipv4Header.of(CLIENT, TARGET, ttl, Ipv4Header.PROTO_ICMP, seq, echo.length).encode(), echo);
    }

    static byte[] udpProbe(int ttl, int port) {
        byte[] payload = filler(32);
        byte[] udp = concat(UdpHeader.of(CLIENT, TARGET, 40000, port, payload).encode(), payload);
        return concat(Ipv4Header.of(CLIENT, TARGET, ttl, Ipv4Header.PROTO_UDP, port, udp.length).encode(), udp);
    }

    /** An ICMP message with its checksum. */
    static byte[] icmp(int type, int code, long rest, byte[] body) {
        IcmpMessage m = new IcmpMessage(type, code, 0, rest, body);
        return m.withChecksum(Checksum.of(m.encode())).encode();
    }

    /** An IPv4 packet from {@code from} to the client carrying {@code icmp}, as it arrives (TTL already decremented). */
    static byte[] ip(Inet4Address from, int ttl, byte[] icmp) {
        return concat(Ipv4Header.of(from, CLIENT, ttl, Ipv4Header.PROTO_ICMP, 0, icmp.length).encode(), icmp);
    }

    /** RFC 4884/4950: extension header (version 2, checksum) and one MPLS label stack object of {@code length}. */
    static byte[] mplsExtension(int length) {
        ByteBuffer object = ByteBuffer.allocate(8).putShort((short) length).put((byte) 1).put((byte) 1).putInt(16000 << 12 | 1 << 8 | 1);
        byte[] ext = concat(new byte[] {0x20, 0, 0, 0}, object.array());
        return with(ext, 2, Checksum.of(ext));
    }

    static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (0x40 + (i & 0x3f));
        return b;
    }

    /** Deterministic noise. */
    static byte[] garbage(int n) {
        byte[] b = new byte[n];
        long x = 0x9e3779b97f4a7c15L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >>> 7; x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    static byte[] slice(byte[] b, int length) { return slice(b, 0, length); }

    static byte[] slice(byte[] b, int from, int to) { return java.util.Arrays.copyOfRange(b, from, to); }

    static byte[] pad(byte[] b, int length) { return java.util.Arrays.copyOf(b, length); }

    /** A copy with byte {@code at} set to {@code value}, cut to {@code length}. */
    static byte[] set(byte[] b, int at, int value, int length) {
        byte[] c = java.util.Arrays.copyOf(b, length);
        c[at] = (byte) value;
        return c;
    }

    /** A copy with the 16-bit field at {@code at} set to {@code value}. */
    static byte[] with(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) (value >>> 8);
        c[at + 1] = (byte) value;
        return c;
    }

    static byte[] flipLast(byte[] b) {
        byte[] c = b.clone();
        c[c.length - 1] ^= 1;
        return c;
    }

    static Inet6Address v6(String literal) {
        try {
            return (Inet6Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet4Address v4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
