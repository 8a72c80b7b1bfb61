package jtrace.fuzz;

import static jtrace.fuzz.Seeds.*;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.TcpHeader;

/**
 * What a raw TCP trace's two raw sockets may see, as a Linux router or host builds it: the answers to our SYNs
 * (names ending "-ours") and the lies a hostile network can tell — an answer or an error about someone else's probe
 * (other ports, another sequence base, another target), from the wrong address, with the wrong flags, cut short, with
 * lying lengths or a bad checksum. The raw TCP matcher's spoof test and fuzz target read them; part of
 * {@link Seeds#all()}. Our SYNs go from {@link Seeds#CLIENT}:{@link #SOURCE_PORT} to {@link Seeds#TARGET}:{@link #PORT}
 * with sequence numbers {@link #SEQUENCE_BASE} | key.
 */
public final class RawTcpSeeds {
    private RawTcpSeeds() {}

    public static final int SOURCE_PORT = 40000, PORT = 443;
    public static final long SEQUENCE_BASE = 0x4a540000L;
    /** The key the seeds that are ours answer or quote. */
    public static final int KEY = 7;

    static void addTo(Map<String, byte[]> all) {
        answersV4().forEach((name, b) -> all.put("jtrace/probe/RawTcpMatcherFuzzTestInputs/answerV4/" + name, b));
        errorsV4().forEach((name, b) -> all.put("jtrace/probe/RawTcpMatcherFuzzTestInputs/errorV4/" + name, b));
        answersV6().forEach((name, b) -> all.put("jtrace/probe/RawTcpMatcherFuzzTestInputs/answerV6/" + name, b));
        errorsV6().forEach((name, b) -> all.put("jtrace/probe/RawTcpMatcherFuzzTestInputs/errorV6/" + name, b));
    }

    /** Whole IPv4 packets as the raw TCP socket reads them. */
    public static Map<String, byte[]> answersV4() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("syn-ack-ours", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("rst-ours", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.RST | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-ack-with-options-ours", answerV4(TARGET, CLIENT, segmentWithMss(TARGET, CLIENT)));
        s.put("syn-ack-key-ffff-ours", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | 0xffff, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-ack-from-elsewhere", answerV4(ELSEWHERE, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, ELSEWHERE, CLIENT)));
        s.put("rst-from-a-router", answerV4(ROUTER, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.RST | TcpHeader.ACK, ROUTER, CLIENT)));
        s.put("syn-ack-to-another-host", answerV4(TARGET, ELSEWHERE, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET, ELSEWHERE)));
        s.put("syn-ack-from-another-port", answerV4(TARGET, CLIENT, segment(PORT + 1, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-ack-to-another-port", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT + 1, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-ack-for-another-trace", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, (SEQUENCE_BASE + 0x10000) | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-ack-acknowledging-the-bare-sequence", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE - 1, TcpHeader.SYN | TcpHeader.ACK, TARGET, CLIENT)));
        s.put("syn-without-ack", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN, TARGET, CLIENT)));
        s.put("ack-without-syn-or-rst", answerV4(TARGET, CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.ACK, TARGET, CLIENT)));
        byte[] ours = s.get("syn-ack-ours");
        s.put("answer-cut-short", slice(ours, 20 + 12));
        s.put("answer-total-length-beyond-the-packet", with(ours, 2, ours.length + 4));
        s.put("answer-header-only", slice(ours, 20));
        s.put("answer-ihl-below-five", poke(ours, 0, 0x44));
        s.put("answer-not-tcp", poke(ours, 9, Ipv4Header.PROTO_UDP));
        s.put("answer-data-offset-below-five", poke(ours, 20 + 12, 0x40));
        s.put("answer-data-offset-beyond-the-segment", poke(ours, 20 + 12, 0x60));
        return s;
    }

    /** Whole IPv4 packets as the raw ICMP socket reads them. */
    public static Map<String, byte[]> errorsV4() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] probe = synProbe(3, CLIENT, TARGET, SOURCE_PORT, PORT, SEQUENCE_BASE | KEY);
        s.put("time-exceeded-ours", ip(ROUTER, 63, icmp(11, 0, 0, slice(probe, 28))));
        s.put("time-exceeded-whole-syn-ours", ip(ROUTER, 63, icmp(11, 0, 0, probe)));
        s.put("frag-needed-ours", ip(ROUTER, 63, icmp(3, 4, 1280, slice(probe, 28))));
        s.put("port-unreachable-from-the-target-ours", ip(TARGET, 61, icmp(3, 3, 0, slice(probe, 28))));
        s.put("quoting-another-target", ip(ROUTER, 63, icmp(11, 0, 0, slice(synProbe(3, CLIENT, ELSEWHERE, SOURCE_PORT, PORT, SEQUENCE_BASE | KEY), 28))));
        s.put("quoting-another-source-port", ip(ROUTER, 63, icmp(11, 0, 0, slice(synProbe(3, CLIENT, TARGET, SOURCE_PORT + 1, PORT, SEQUENCE_BASE | KEY), 28))));
        s.put("quoting-another-port", ip(ROUTER, 63, icmp(11, 0, 0, slice(synProbe(3, CLIENT, TARGET, SOURCE_PORT, PORT + 1, SEQUENCE_BASE | KEY), 28))));
        s.put("quoting-another-trace", ip(ROUTER, 63, icmp(11, 0, 0, slice(synProbe(3, CLIENT, TARGET, SOURCE_PORT, PORT, (SEQUENCE_BASE + 0x10000) | KEY), 28))));
        s.put("quoting-udp", ip(ROUTER, 63, icmp(11, 0, 0, slice(poke(probe, 9, Ipv4Header.PROTO_UDP), 28))));
        s.put("quote-cut-short", ip(ROUTER, 63, icmp(11, 0, 0, slice(probe, 27))));
        s.put("quote-ip-header-only", ip(ROUTER, 63, icmp(11, 0, 0, slice(probe, 20))));
        s.put("echo-reply-quoting-our-syn", ip(TARGET, 61, icmp(0, 0, 0, slice(probe, 28))));
        s.put("redirect-quoting-our-syn", ip(ROUTER, 63, icmp(5, 1, 0, slice(probe, 28))));
        byte[] ours = s.get("time-exceeded-ours");
        s.put("bad-icmp-checksum", flipLast(ours));
        s.put("icmp-total-length-beyond-the-packet", with(ours, 2, ours.length + 8));
        s.put("icmp-header-only", slice(ip(ROUTER, 63, icmp(11, 0, 0, new byte[0])), 28));
        return s;
    }

    /** TCP segments as a raw IPv6 TCP socket reads them (no IP header; sent by {@link Seeds#TARGET6}, hop limit {@link Seeds#HOP_LIMIT}). */
    public static Map<String, byte[]> answersV6() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("syn-ack-ours", segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET6, CLIENT6));
        s.put("rst-ours", segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.RST | TcpHeader.ACK, TARGET6, CLIENT6));
        s.put("syn-ack-from-another-port", segment(PORT + 1, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET6, CLIENT6));
        s.put("syn-ack-for-another-trace", segment(PORT, SOURCE_PORT, (SEQUENCE_BASE + 0x10000) | KEY, TcpHeader.SYN | TcpHeader.ACK, TARGET6, CLIENT6));
        s.put("ack-without-syn-or-rst", segment(PORT, SOURCE_PORT, SEQUENCE_BASE | KEY, TcpHeader.ACK, TARGET6, CLIENT6));
        s.put("syn-ack-with-options-ours", segmentWithMss(TARGET6, CLIENT6));
        s.put("answer-cut-short", slice(s.get("syn-ack-ours"), 19));
        s.put("answer-data-offset-below-five", poke(s.get("syn-ack-ours"), 12, 0x40));
        s.put("answer-data-offset-beyond-the-segment", poke(s.get("syn-ack-ours"), 12, 0x60));
        return s;
    }

    /** ICMPv6 messages as a raw ICMPv6 socket reads them (no IP header; sent by {@link Seeds#ROUTER6}, hop limit {@link Seeds#HOP_LIMIT}). */
    public static Map<String, byte[]> errorsV6() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] probe = synProbe6(CLIENT6, TARGET6, SOURCE_PORT, PORT, SEQUENCE_BASE | KEY);
        s.put("time-exceeded-ours", icmp6(3, 0, 0, probe));
        s.put("packet-too-big-ours", icmp6(2, 0, 1280, probe));
        s.put("quoting-another-target", icmp6(3, 0, 0, synProbe6(CLIENT6, ELSEWHERE6, SOURCE_PORT, PORT, SEQUENCE_BASE | KEY)));
        s.put("quoting-another-source-port", icmp6(3, 0, 0, synProbe6(CLIENT6, TARGET6, SOURCE_PORT + 1, PORT, SEQUENCE_BASE | KEY)));
        s.put("quoting-another-trace", icmp6(3, 0, 0, synProbe6(CLIENT6, TARGET6, SOURCE_PORT, PORT, (SEQUENCE_BASE + 0x20000) | KEY)));
        s.put("quote-cut-short", icmp6(3, 0, 0, slice(probe, 40 + 7)));
        s.put("echo-reply-quoting-our-syn", icmp6(129, 0, 0, probe));
        return s;
    }

    /** The destination's answer to our SYN {@code ours}: acknowledges ours + 1 (a SYN counts one). */
    public static byte[] segment(int from, int to, long ours, int flags, InetAddress src, InetAddress dst) {
        return new TcpHeader(from, to, 0x11223344L, (ours + 1) & 0xffffffffL, 0, flags, 65535, 0, 0, new byte[0])
                .withChecksum(src, dst, new byte[0]).encode();
    }

    /** The destination's SYN-ACK to our SYN with the key, carrying an MSS option (1460) as Linux's do. */
    static byte[] segmentWithMss(InetAddress src, InetAddress dst) {
        byte[] mss = {2, 4, 0x05, (byte) 0xb4};
        return new TcpHeader(PORT, SOURCE_PORT, 0x11223344L, (SEQUENCE_BASE | KEY) + 1, 0, TcpHeader.SYN | TcpHeader.ACK, 65535, 0, 0, mss)
                .withChecksum(src, dst, new byte[0]).encode();
    }

    public static byte[] answerV4(Inet4Address from, Inet4Address to, byte[] segment) {
        return concat(Ipv4Header.of(from, to, 61, Ipv4Header.PROTO_TCP, 0, segment.length).encode(), segment);
    }

    /** Our SYN as sent: IP header (IP ID = TTL) and TCP header. */
    static byte[] synProbe(int ttl, Inet4Address from, Inet4Address to, int sourcePort, int port, long sequence) {
        byte[] syn = TcpHeader.syn(sourcePort, port, sequence).withChecksum(from, to, new byte[0]).encode();
        return concat(Ipv4Header.of(from, to, ttl, Ipv4Header.PROTO_TCP, ttl, syn.length).encode(), syn);
    }

    static byte[] synProbe6(Inet6Address from, Inet6Address to, int sourcePort, int port, long sequence) {
        byte[] syn = TcpHeader.syn(sourcePort, port, sequence).withChecksum(from, to, new byte[0]).encode();
        return concat(Ipv6Header.of(from, to, 1, Ipv6Header.NEXT_TCP, syn.length).encode(), syn);
    }

    /** {@code b} with one byte changed. */
    static byte[] poke(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }
}
